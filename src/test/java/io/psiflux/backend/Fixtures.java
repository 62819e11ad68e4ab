package io.psiflux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the contract suites share: their parameter sources (every backend factory crossed with
 * ranks and precisions), grids, fields and potentials built in test code, and comparisons.
 */
public final class Fixtures {
    private Fixtures() {
    }

    // ---- parameter sources: (factory, rank or shape, precision) ---------------------------------------

    /** Each factory crossed with each argument list. */
    public static Stream<Arguments> cross(List<BackendFactory> factories, List<Object[]> rest) {
        List<Arguments> a = new ArrayList<>();
        for (BackendFactory f : factories) {
            for (Object[] r : rest) {
                Object[] all = new Object[r.length + 1];
                all[0] = f;
                System.arraycopy(r, 0, all, 1, r.length);
                a.add(Arguments.of(all));
            }
        }
        return a.stream();
    }

    /** Every factory of {@link BackendFactory#all()}, rank 1 to 3, both precisions. */
    public static Stream<Arguments> allRanks() {
        return cross(BackendFactory.all(), ranksAndPrecisions(3));
    }

    /** Every factory, ranks 1 and 2 (the oscillator tests), both precisions. */
    public static Stream<Arguments> ranks1And2() {
        return cross(BackendFactory.all(), ranksAndPrecisions(2));
    }

    /** Every factory, the mixed shapes, both precisions. */
    public static Stream<Arguments> shapes() {
        return cross(BackendFactory.all(), mixedShapes());
    }

    public static List<Object[]> ranksAndPrecisions(int maxRank) {
        List<Object[]> a = new ArrayList<>();
        for (int r = 1; r <= maxRank; r++) for (Precision p : Precision.values()) a.add(new Object[] {r, p});
        return a;
    }

    /** Mixed, odd and even sizes, so axis handling and odd-length FFTs are exercised. */
    public static List<Object[]> mixedShapes() {
        int[][] shapes = {{8}, {12}, {7}, {9, 10}, {16, 3}, {4, 6, 5}, {5, 4, 6}};
        List<Object[]> a = new ArrayList<>();
        for (int[] s : shapes) for (Precision p : Precision.values()) a.add(new Object[] {s, p});
        return a;
    }

    // ---- stepping through a Hamiltonian -------------------------------------------------------------------

    /** {@code steps} Strang steps of tau under h, with phases prepared for the call. */
    public static void strang(Backend b, Hamiltonian h, DeviceBuffer psi, Complex tau, int steps) {
        try (Phases p = b.prepare(h, tau)) {
            b.strang(psi, p, steps);
        }
    }

    /** A free particle of this hbar and mass. */
    public static Hamiltonian free(double hbar, double mass) {
        return Hamiltonian.free(hbar, mass);
    }

    // ---- grids, fields and comparisons ------------------------------------------------------------------

    /** Axes [-L/2, L/2) with n points each. */
    public static Grid box(int rank, int n, double length) {
        Axis[] a = new Axis[rank];
        for (int d = 0; d < rank; d++) a[d] = new Axis(n, -length / 2, length / 2);
        return Grid.of(a);
    }

    /** A small grid of unequal axes (16 x 12 x 10 over 8 x 6 x 5, off-centre), first {@code rank} of them. */
    public static Grid mixedGrid(int rank) {
        Axis[] all = {new Axis(16, -4.5, 3.5), new Axis(12, -2.0, 4.0), new Axis(10, -2.5, 2.5)};
        return Grid.of(Arrays.copyOf(all, rank));
    }

    public static Grid gridOf(int[] shape) {
        Axis[] a = new Axis[shape.length];
        for (int d = 0; d < shape.length; d++) a[d] = new Axis(shape[d], -0.3 * (d + 1), 0.7 * shape[d]);
        return Grid.of(a);
    }

    public static double log2(double n) {
        return Math.log(Math.max(n, 2)) / Math.log(2);
    }

    /** Uniform noise in [-1, 1) on both parts: every frequency, Nyquist included. */
    public static double[] randomComplex(Grid g, long seed) {
        Random r = new Random(seed);
        double[] a = new double[2 * g.points()];
        for (int i = 0; i < a.length; i++) a[i] = 2 * r.nextDouble() - 1;
        return a;
    }

    /** A smooth periodic complex field: a few low Fourier modes with random amplitudes. */
    public static double[] smoothComplex(Grid g, long seed) {
        Random r = new Random(seed);
        double[] a = new double[2 * g.points()];
        for (int term = 0; term < 5; term++) {
            int[] m = new int[3];
            for (int d : g.activeAxes()) m[d] = r.nextInt(5) - 2;
            double ar = r.nextGaussian(), ai = r.nextGaussian();
            for (int p = 0; p < g.points(); p++) {
                double ph = 0;
                for (int d : g.activeAxes()) ph += 2 * Math.PI * m[d] * g.index(p, d) / g.n(d);
                a[2 * p] += ar * Math.cos(ph) - ai * Math.sin(ph);
                a[2 * p + 1] += ar * Math.sin(ph) + ai * Math.cos(ph);
            }
        }
        return a;
    }

    /** A smooth periodic real potential with values in about [-amp, amp]: low modes, random phases. */
    public static double[] smoothPotential(Grid g, double amp, long seed) {
        Random r = new Random(seed);
        double[] v = new double[g.points()];
        int terms = 4;
        for (int term = 0; term < terms; term++) {
            int[] m = new int[3];
            for (int d : g.activeAxes()) m[d] = r.nextInt(5) - 2;
            double phase = 2 * Math.PI * r.nextDouble(), c = amp / terms * (2 * r.nextDouble() - 1);
            for (int p = 0; p < g.points(); p++) {
                double ph = phase;
                for (int d : g.activeAxes()) ph += 2 * Math.PI * m[d] * g.index(p, d) / g.n(d);
                v[p] += c * Math.cos(ph);
            }
        }
        return v;
    }

    /** A smooth absorber W >= 0, largest at the box edges. */
    public static double[] absorber(Grid g, double amp) {
        double[] w = new double[g.points()];
        for (int p = 0; p < g.points(); p++) {
            double s = 0;
            for (int d : g.activeAxes()) s += 0.5 * (1 - Math.cos(2 * Math.PI * g.index(p, d) / g.n(d) + Math.PI));
            w[p] = amp * s / g.rank();
        }
        return w;
    }

    public static double[] harmonic(Grid g, double mass, double omega) {
        double[] v = new double[g.points()];
        for (int p = 0; p < g.points(); p++) {
            for (int d : g.activeAxes()) {
                double x = g.axis(d).x(g.index(p, d));
                v[p] += 0.5 * mass * omega * omega * x * x;
            }
        }
        return v;
    }

    /** Largest |kDerivative| over the declared axes. */
    public static double maxKDerivative(Grid g) {
        double k = 0;
        for (int d : g.activeAxes()) for (int i = 0; i < g.n(d); i++) k = Math.max(k, Math.abs(g.axis(d).kDerivative(i)));
        return k;
    }

    public static ComplexField field(Grid g, Precision precision, double[] interleaved) {
        ComplexField f = new ComplexField(g, precision);
        for (int p = 0; p < g.points(); p++) f.set(p, interleaved[2 * p], interleaved[2 * p + 1]);
        return f;
    }

    public static double[] interleaved(ComplexField f) {
        double[] a = new double[2 * f.points()];
        for (int p = 0; p < f.points(); p++) {
            a[2 * p] = f.re(p);
            a[2 * p + 1] = f.im(p);
        }
        return a;
    }

    public static RealField scalar(Grid g, double[] values) {
        RealField f = RealField.scalar(g, Precision.DOUBLE);
        for (int p = 0; p < values.length; p++) f.set(p, values[p]);
        return f;
    }

    public static double[] download(Backend b, DeviceBuffer buf) {
        ComplexField f = new ComplexField(b.grid(), b.precision());
        b.download(buf, f);
        return interleaved(f);
    }

    /** Uploads {@code values} and returns what the buffer holds (rounded to the backend's precision). */
    public static double[] stored(Backend b, DeviceBuffer buf, double[] values) {
        b.upload(field(b.grid(), Precision.DOUBLE, values), buf);
        return download(b, buf);
    }

    public static double[] density(double[] psi) {
        double[] r = new double[psi.length / 2];
        for (int p = 0; p < r.length; p++) r[p] = psi[2 * p] * psi[2 * p] + psi[2 * p + 1] * psi[2 * p + 1];
        return r;
    }

    /** Variance of |psi|^2 along each declared axis (normalised). */
    public static double[] variances(Grid g, double[] psi) {
        double[] rho = density(psi);
        double norm = 0;
        double[] mean = new double[3], sq = new double[3];
        for (int p = 0; p < rho.length; p++) {
            norm += rho[p];
            for (int d : g.activeAxes()) {
                double x = g.axis(d).x(g.index(p, d));
                mean[d] += x * rho[p];
                sq[d] += x * x * rho[p];
            }
        }
        double[] var = new double[g.rank()];
        for (int d = 0; d < g.rank(); d++) var[d] = sq[d] / norm - (mean[d] / norm) * (mean[d] / norm);
        return var;
    }

    public static double sum(RealField f, int component) {
        double s = 0;
        for (int p = 0; p < f.grid().points(); p++) s += f.get(component, p);
        return s;
    }

    public static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Asserts max_i |want_i - got_i| <= tol, naming the worst index. */
    public static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double worst = -1;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double e = Math.abs(want[i] - got[i]);
            if (!(e <= worst)) {
                worst = e;
                at = i;
            }
        }
        assertTrue(worst <= tol, what + ": max error " + worst + " at value " + at + " (want " + want[Math.max(at, 0)]
                + ", got " + got[Math.max(at, 0)] + "), tolerance " + tol);
    }
}
