package io.psiflux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.propagate.SplitOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The physics contract every {@link Backend} honours, written once over the interface and run once
 * per backend (subclass it and implement {@link #open}). Every assertion is a closed form, a
 * conservation law, a convergence rate or a slow oracle in test code ({@link NaiveDft},
 * {@link ReferenceStepper}); none compares with numbers taken from a backend's output.
 *
 * <p>Tolerances: round-off bounds come from {@link Precision#tolerance(double)} with an operation
 * count stated at each use; discretisation bounds (spectral truncation, periodic images, Strang's
 * dt^2) are derived from the parameters of each test and say so. Grids are small: the whole
 * suite runs in seconds per backend.
 */
public abstract class BackendContract {

    /** A fresh backend on this grid; the test closes it. */
    protected abstract Backend open(Grid grid, Precision precision, double hbar, double mass);

    /** False where this backend cannot run here (no device): every test is then skipped. */
    protected boolean available() {
        return true;
    }

    @BeforeEach
    void requireBackend() {
        assumeTrue(available(), "backend not available on this machine");
    }

    // ---- parameter sources -----------------------------------------------------------------------

    static Stream<Arguments> ranksAndPrecisions() {
        List<Arguments> a = new ArrayList<>();
        for (int r = 1; r <= 3; r++) for (Precision p : Precision.values()) a.add(Arguments.of(r, p));
        return a.stream();
    }

    static Stream<Arguments> ranks1And2AndPrecisions() {
        return ranksAndPrecisions().filter(a -> (int) a.get()[0] <= 2);
    }

    /** Mixed, odd and even sizes, so axis handling and odd-length FFTs are exercised. */
    static Stream<Arguments> mixedShapes() {
        int[][] shapes = {{8}, {12}, {7}, {9, 10}, {16, 3}, {4, 6, 5}, {5, 4, 6}};
        List<Arguments> a = new ArrayList<>();
        for (int[] s : shapes) for (Precision p : Precision.values()) a.add(Arguments.of(s, p));
        return a.stream();
    }

    // ---- FFT ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "shape {0}, {1}")
    @MethodSource("mixedShapes")
    void fftMatchesNaiveDftForwardAndInverse(int[] shape, Precision precision) {
        Grid g = gridOf(shape);
        try (Backend b = open(g, precision, 1.0, 1.0); DeviceBuffer buf = b.allocate()) {
            double[] x = stored(b, buf, randomComplex(g, 11));
            // round-off: each of the rank transforms costs ~log2 n roundings, plus one store per axis
            double tol = precision.tolerance(8 * (g.rank() + log2(g.points())));

            b.fft(buf, false);
            double[] forward = download(b, buf);
            double[] expected = x.clone();
            NaiveDft.transform(g, expected, false);
            assertClose(expected, forward, tol * maxAbs(expected), "forward FFT");

            b.fft(buf, true);
            double[] back = download(b, buf);
            double[] expectedBack = forward.clone();
            NaiveDft.transform(g, expectedBack, true);
            assertClose(expectedBack, back, tol * maxAbs(expectedBack), "inverse FFT");
            assertClose(x, back, 2 * tol * maxAbs(x), "forward then inverse is the identity");
        }
    }

    /** A plane wave e^{i k.x} with k on the lattice lands in the bin Axis.k names, with weight N. */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void fftPutsALatticePlaneWaveInItsBin(int rank, Precision precision) {
        Grid g = mixedGrid(rank);
        int[] bin = {3, 9, 7}; // 9 of 12 and 7 of 10 are negative frequencies
        double[] psi = new double[2 * g.points()];
        for (int p = 0; p < g.points(); p++) {
            double ph = 0;
            for (int d : g.activeAxes()) ph += g.axis(d).k(bin[d]) * g.axis(d).x(g.index(p, d));
            psi[2 * p] = Math.cos(ph);
            psi[2 * p + 1] = Math.sin(ph);
        }
        try (Backend b = open(g, precision, 1.0, 1.0); DeviceBuffer buf = b.allocate()) {
            b.upload(field(g, precision, psi), buf);
            b.fft(buf, false);
            double[] out = download(b, buf);
            int target = 0;
            for (int d : g.activeAxes()) target += bin[d] * g.stride(d);
            double n = g.points(), tol = precision.tolerance(8 * (rank + log2(g.points()))) * n;
            for (int p = 0; p < g.points(); p++) {
                double mag = Math.hypot(out[2 * p], out[2 * p + 1]);
                assertEquals(p == target ? n : 0.0, mag, tol, "|FFT| at flat bin " + p);
            }
        }
    }

    // ---- elementary operations ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void innerAxpyScaleCopyAndDensityMatchHandComputedValues(int rank, Precision precision) {
        Grid g = mixedGrid(rank);
        double dV = g.dV();
        try (Backend b = open(g, precision, 1.0, 1.0);
             DeviceBuffer xb = b.allocate(); DeviceBuffer yb = b.allocate(); DeviceBuffer zb = b.allocate()) {
            double[] x = stored(b, xb, randomComplex(g, 1));
            double[] y = stored(b, yb, randomComplex(g, 2));
            double tol = precision.tolerance(4);

            // upload of a double field rounds to the storage type and nothing else
            double[] raw = randomComplex(g, 1);
            for (int i = 0; i < raw.length; i++) {
                assertEquals(raw[i], x[i], precision.epsilon * Math.abs(raw[i]), "upload keeps values");
            }

            double sre = 0, sim = 0, sabs = 0;
            for (int p = 0; p < g.points(); p++) {
                double ar = x[2 * p], ai = x[2 * p + 1], br = y[2 * p], bi = y[2 * p + 1];
                sre += ar * br + ai * bi;
                sim += ar * bi - ai * br;
                sabs += Math.hypot(ar, ai) * Math.hypot(br, bi);
            }
            Complex in = b.inner(xb, yb);
            double tolIn = precision.tolerance(4 + log2(g.points())) * sabs * dV;
            assertEquals(sre * dV, in.re(), tolIn, "Re <x|y> = sum conj(x) y dV");
            assertEquals(sim * dV, in.im(), tolIn, "Im <x|y>");
            Complex self = b.inner(xb, xb);
            assertEquals(0.0, self.im(), tolIn, "<x|x> is real");

            b.copy(yb, zb);
            assertClose(y, download(b, zb), 0.0, "copy is exact");

            Complex c = new Complex(0.3, -1.7);
            b.axpy(c, xb, zb);
            double[] expected = new double[y.length];
            for (int p = 0; p < g.points(); p++) {
                expected[2 * p] = y[2 * p] + c.re() * x[2 * p] - c.im() * x[2 * p + 1];
                expected[2 * p + 1] = y[2 * p + 1] + c.re() * x[2 * p + 1] + c.im() * x[2 * p];
            }
            assertClose(expected, download(b, zb), tol * 3, "axpy: y + c x");

            b.scale(xb, -2.5);
            double[] scaled = download(b, xb);
            for (int i = 0; i < x.length; i++) assertEquals(-2.5 * x[i], scaled[i], tol * 3 * Math.abs(x[i]), "scale");

            RealField rho = RealField.scalar(g, precision);
            b.density(yb, rho);
            for (int p = 0; p < g.points(); p++) {
                double e = y[2 * p] * y[2 * p] + y[2 * p + 1] * y[2 * p + 1];
                assertEquals(e, rho.get(p), tol * e, "density = |psi|^2");
            }
        }
    }

    // ---- free particle -----------------------------------------------------------------------------

    /**
     * With V = 0 the kinetic phase is exact, so Strang is exact in time and the wavefunction must
     * match the analytic free Gaussian pointwise; the only errors are spectral truncation and the
     * periodic images, both bounded below from the parameters.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void freeGaussianSpreadsAndMovesAsTheExactSolution(int rank, Precision precision) {
        double hbar = 0.8, mass = 1.25, length = 24, tEnd = 2.0;
        int n = 48, steps = 8;
        double[] c = {-0.6, 0.4, -0.2}, s = {1.0, 1.0, 1.0}, k0 = {1.0, -0.8, 0.6};
        Grid g = box(rank, n, length);
        double[] p0 = new double[3];
        for (int d = 0; d < 3; d++) p0[d] = hbar * k0[d];

        // discretisation bound: largest neglected Gaussian tail, in k (at kMax) and in x (nearest image)
        double sT = ClosedForms.freeWidth(1.0, tEnd, hbar, mass), worst = 0;
        for (int d = 0; d < rank; d++) {
            double kGap = g.axis(d).kMax() - Math.abs(k0[d]);
            double xGap = length / 2 - Math.abs(c[d] + p0[d] / mass * tEnd);
            worst = Math.max(worst, Math.max(Math.exp(-s[d] * s[d] * kGap * kGap), Math.exp(-xGap * xGap / (4 * sT * sT))));
        }
        double disc = 10 * rank * worst;
        assertTrue(disc < 1e-8, "test grid resolves the packet (bound " + disc + ")");

        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer psi = b.allocate()) {
            b.upload(InitialState.gaussian(c, s, p0).create(g, precision, hbar), psi);
            b.strang(psi, Complex.real(tEnd / steps), steps);
            double[] got = download(b, psi);
            double[] exact = ClosedForms.freeGaussian(g, tEnd, c, s, k0, hbar, mass);
            // round-off: per step two stores and two transforms of ~log2 N roundings each
            double tol = disc + precision.tolerance(steps * (4 + 2 * log2(g.points())));
            assertClose(exact, got, tol * maxAbs(exact), "psi(x, t) vs the exact free Gaussian");

            Moments m = b.moments(psi);
            assertEquals(1.0, m.norm(), precision.tolerance(steps * 4 + log2(g.points())), "norm");
            double[] var = variances(g, got);
            for (int d = 0; d < rank; d++) {
                assertEquals(c[d] + p0[d] * tEnd / mass, m.meanX(d), tol * length, "<x> = x0 + p0 t/m, axis " + d);
                assertEquals(p0[d], m.meanP(d), tol * hbar * g.axis(d).kMax(), "<p> = p0, axis " + d);
                assertEquals(sT * sT, var[d], tol * length * length, "sigma(t)^2, axis " + d);
            }
        }
    }

    // ---- harmonic oscillator -------------------------------------------------------------------------

    /**
     * A coherent state of V = m w^2 r^2 / 2 keeps its shape and its centre follows the classical
     * orbit. For a quadratic H, Strang moves the means exactly as the classical kick-drift-kick
     * leapfrog, whose error from the exact orbit is A h^2 (w t / 24 + 1/8) + O(h^4) (phase and
     * amplitude errors of cos(theta) = 1 - h^2/2, h = w dt), and it conserves
     * p^2/2m + (1 - h^2/4) V, so |E(t) - E(0)| <= (h^2/4) E.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranks1And2AndPrecisions")
    void coherentStateFollowsTheClassicalOrbitWithConstantEnergy(int rank, Precision precision) {
        Oscillator o = new Oscillator(rank, precision);
        int steps = 400, check = 50;
        double h = 2 * Math.PI / steps, dt = h / o.omega;
        try (Backend b = o.open(); DeviceBuffer psi = b.allocate()) {
            b.upload(o.initial(), psi);
            Moments m0 = b.moments(psi);
            double round = precision.tolerance(8 * log2(o.grid.points()));
            assertEquals(o.energy(), m0.energy(), round * o.energy(), "E(0) = sum p0^2/2m + m w^2 x0^2/2 + hbar w/2");
            for (int n = check; n <= steps; n += check) {
                b.strang(psi, Complex.real(dt), check);
                double t = n * dt;
                Moments m = b.moments(psi);
                double roundN = precision.tolerance(n * 4 + 8 * log2(o.grid.points()));
                for (int d = 0; d < rank; d++) {
                    double a = o.amplitude(d), bound = 1.2 * a * h * h * (o.omega * t / 24 + 0.125) + roundN * a;
                    assertEquals(ClosedForms.orbitX(o.x0[d], o.p0[d], o.mass, o.omega, t), m.meanX(d), bound,
                            "<x>(t) axis " + d + " at step " + n);
                    assertEquals(ClosedForms.orbitP(o.x0[d], o.p0[d], o.mass, o.omega, t), m.meanP(d),
                            bound * o.mass * o.omega, "<p>(t) axis " + d + " at step " + n);
                }
                assertEquals(m0.energy(), m.energy(), o.energy() * (1.01 * h * h / 4 + roundN), "energy at step " + n);
                double[] var = variances(o.grid, download(b, psi));
                for (int d = 0; d < rank; d++) {
                    assertEquals(o.sigma2, var[d], o.sigma2 * (h * h / 2 + roundN), "coherent width, axis " + d);
                }
            }
        }
    }

    /**
     * Halving dt cuts the orbit error of Strang about 4x: second order in time. Measured at 0.7 of
     * a period, not a whole one: first-order Lie splitting equals Strang conjugated by a half kick,
     * whose O(dt) momentum error cancels whenever x(T) = x(0).
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranks1And2AndPrecisions")
    void strangIsSecondOrderAgainstTheExactOscillatorOrbit(int rank, Precision precision) {
        Oscillator o = new Oscillator(rank, precision);
        double period = 0.7 * 2 * Math.PI / o.omega;
        double[] err = new double[2];
        int[] steps = {100, 200};
        for (int i = 0; i < 2; i++) {
            try (Backend b = o.open(); DeviceBuffer psi = b.allocate()) {
                b.upload(o.initial(), psi);
                b.strang(psi, Complex.real(period / steps[i]), steps[i]);
                Moments m = b.moments(psi);
                double e2 = 0;
                for (int d = 0; d < rank; d++) {
                    double ex = m.meanX(d) - ClosedForms.orbitX(o.x0[d], o.p0[d], o.mass, o.omega, period);
                    double ep = (m.meanP(d) - ClosedForms.orbitP(o.x0[d], o.p0[d], o.mass, o.omega, period)) / (o.mass * o.omega);
                    e2 += ex * ex + ep * ep;
                }
                err[i] = Math.sqrt(e2);
            }
        }
        double ratio = err[0] / err[1];
        assertTrue(ratio > 3 && ratio < 5, "error ratio for dt -> dt/2 was " + ratio + " (errors " + Arrays.toString(err) + ")");
    }

    /**
     * Second order in dt for a generic smooth potential, in every rank: the wavefunction error
     * against a run with dt/16 drops about 4x when dt halves.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void strangIsSecondOrderAgainstASmallStepReference(int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, tEnd = 0.5;
        Grid g = box(rank, 16, 8);
        int[] steps = {10, 20, 160};
        double[][] out = new double[3][];
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, smoothPotential(g, 3.0, 7)), null);
            ComplexField start = InitialState.given(field(g, Precision.DOUBLE, smoothComplex(g, 71)), "test").create(g, precision, hbar);
            for (int i = 0; i < 3; i++) {
                b.upload(start, psi);
                b.strang(psi, Complex.real(tEnd / steps[i]), steps[i]);
                out[i] = download(b, psi);
            }
        }
        double[] err = new double[2];
        for (int i = 0; i < 2; i++) {
            double e2 = 0;
            for (int q = 0; q < out[2].length; q++) e2 += (out[i][q] - out[2][q]) * (out[i][q] - out[2][q]);
            err[i] = Math.sqrt(e2 * g.dV());
        }
        // the reference's own error is (1/8)^2 = 1/64 of the finer run's: the ratio is 4 to within 2%
        double ratio = err[0] / err[1];
        assertTrue(ratio > 3 && ratio < 5, "error ratio for dt -> dt/2 was " + ratio + " (errors " + Arrays.toString(err) + ")");
    }

    /**
     * Imaginary time (tau = -i dt) drives any state to the ground state, energy rank * hbar w / 2,
     * and a step then shrinks the norm by exp(-2 E0 dt / hbar). Strang's modified Hamiltonian differs
     * from H by at most (w dt)^2 / 8 relative (the BCH dt^2 commutators of the oscillator).
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void imaginaryTimeRelaxesToTheOscillatorGroundState(int rank, Precision precision) {
        double hbar = 0.9, mass = 1.1, omega = 1.3, dt = 0.02;
        Grid g = box(rank, 32, 10);
        double e0 = rank * hbar * omega / 2, split = (omega * dt) * (omega * dt) / 8;
        double sigma = Math.sqrt(hbar / (2 * mass * omega));
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, harmonic(g, mass, omega)), null);
            double[] s = {1.3 * sigma, 0.8 * sigma, 1.1 * sigma};
            b.upload(InitialState.gaussian(new double[] {0.5, -0.3, 0.2}, s, new double[] {0.4, 0, -0.2})
                    .create(g, precision, hbar), psi); // displaced, wrong width, moving
            Complex tau = new Complex(0, -dt);
            int relax = (int) Math.ceil(15 / (omega * dt)); // excited admixture decays as exp(-2 w t): e^-30
            for (int done = 0; done < relax; done += 20) {
                b.strang(psi, tau, 20);
                b.scale(psi, 1 / Math.sqrt(b.moments(psi).norm()));
            }
            double round = precision.tolerance(8 * log2(g.points()));
            Moments m = b.moments(psi);
            assertEquals(e0, m.energy(), e0 * (split + round), "ground-state energy rank * hbar w / 2");
            // <x> is linear in the odd (first excited) admixture, which decays as exp(-w t): the
            // displacement |x0| + |p0|/(m w) shrinks by that factor
            double[] x0 = {0.5, -0.3, 0.2}, p0 = {0.4, 0, -0.2};
            for (int d = 0; d < rank; d++) {
                double shift = 2 * (Math.abs(x0[d]) + Math.abs(p0[d]) / (mass * omega)) * Math.exp(-omega * relax * dt);
                assertEquals(0.0, m.meanX(d), shift + sigma * round, "ground state is centred, axis " + d);
            }
            double before = m.norm();
            b.strang(psi, tau, 1);
            double decay = -Math.log(b.moments(psi).norm() / before) * hbar / (2 * dt);
            assertEquals(e0, decay, e0 * (split + round / (omega * dt)), "norm decays as exp(-2 E0 dt / hbar)");
        }
    }

    // ---- probability current --------------------------------------------------------------------------

    /** psi = A e^{ik.x} + B e^{-ik.x} carries the uniform current (hbar k / m)(|A|^2 - |B|^2). */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void planeWavesCarryTheCurrentHbarKOverM(int rank, Precision precision) {
        double hbar = 0.7, mass = 1.9;
        Grid g = mixedGrid(rank);
        int[] bin = {3, 10, 2}; // 10 of 12 is k = -2 (2 pi / L)
        double[] k = new double[3];
        for (int d = 0; d < rank; d++) k[d] = g.axis(d).k(bin[d]);
        Complex[][] amplitudes = {
            {new Complex(0.8, 0.3), new Complex(0.2, -0.5)},
            {new Complex(0.0, 1.1), Complex.ZERO},
            {new Complex(0.4, -0.4), new Complex(-0.4, 0.4)}, // equal magnitude: a standing wave, no current
        };
        try (Backend be = open(g, precision, hbar, mass); DeviceBuffer buf = be.allocate()) {
            RealField j = RealField.vector(g, precision);
            for (Complex[] ab : amplitudes) {
                Complex a = ab[0], bb = ab[1];
                double[] psi = new double[2 * g.points()];
                for (int p = 0; p < g.points(); p++) {
                    double ph = 0;
                    for (int d : g.activeAxes()) ph += k[d] * g.axis(d).x(g.index(p, d));
                    Complex z = a.times(new Complex(Math.cos(ph), Math.sin(ph)))
                            .plus(bb.times(new Complex(Math.cos(ph), -Math.sin(ph))));
                    psi[2 * p] = z.re();
                    psi[2 * p + 1] = z.im();
                }
                be.upload(field(g, precision, psi), buf);
                be.current(buf, j);
                double weight = a.abs() * a.abs() - bb.abs() * bb.abs();
                double scale = hbar / mass * maxKDerivative(g) * Math.pow(a.abs() + bb.abs(), 2);
                double tol = precision.tolerance(8 * (1 + log2(g.points()))) * scale;
                for (int d = 0; d < rank; d++) {
                    for (int p = 0; p < g.points(); p++) {
                        assertEquals(hbar * k[d] / mass * weight, j.get(d, p), tol, "j_" + d + " at " + p + " for A=" + a + " B=" + bb);
                    }
                }
            }
        }
    }

    /** Real states carry no current: a real Gaussian, a standing wave and rough real noise (with Nyquist content). */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void realStatesCarryNoCurrent(int rank, Precision precision) {
        double hbar = 1.3, mass = 0.6;
        Grid g = mixedGrid(rank);
        List<double[]> states = new ArrayList<>();
        double[] zero = new double[3], sig = {0.9, 0.7, 0.6}, ctr = {0.2, -0.3, 0.1};
        states.add(interleaved(InitialState.gaussian(ctr, sig, zero).create(g, Precision.DOUBLE, hbar)));
        double[] standing = new double[2 * g.points()], noise = randomComplex(g, 5);
        for (int p = 0; p < g.points(); p++) {
            double ph = 0;
            for (int d : g.activeAxes()) ph += g.axis(d).k(2) * g.axis(d).x(g.index(p, d));
            standing[2 * p] = Math.cos(ph);
            noise[2 * p + 1] = 0;
        }
        states.add(standing);
        states.add(noise);
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            RealField j = RealField.vector(g, precision);
            String[] names = {"real Gaussian", "standing wave cos(k.x)", "real noise"};
            for (int s = 0; s < states.size(); s++) {
                double[] psi = states.get(s);
                b.upload(field(g, precision, psi), buf);
                b.current(buf, j);
                double dmax = 0;
                for (int d = 0; d < rank; d++) dmax = Math.max(dmax, maxAbs(NaiveDft.derivative(g, psi, d)));
                double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxAbs(psi) * dmax;
                for (int i = 0; i < j.length(); i++) assertEquals(0.0, j.get(i), tol, names[s] + ", component-point " + i);
            }
        }
    }

    /** j depends on psi only up to its global phase: j(e^{i alpha} psi) = j(psi). */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void globalPhaseLeavesTheCurrentUnchanged(int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, alpha = 1.234;
        Grid g = mixedGrid(rank);
        double[] psi = smoothComplex(g, 3);
        double[] rotated = new double[psi.length];
        for (int p = 0; p < g.points(); p++) {
            rotated[2 * p] = Math.cos(alpha) * psi[2 * p] - Math.sin(alpha) * psi[2 * p + 1];
            rotated[2 * p + 1] = Math.sin(alpha) * psi[2 * p] + Math.cos(alpha) * psi[2 * p + 1];
        }
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            RealField j1 = RealField.vector(g, Precision.DOUBLE), j2 = RealField.vector(g, Precision.DOUBLE);
            RealField jt = RealField.vector(g, precision);
            b.upload(field(g, precision, psi), buf);
            b.current(buf, jt);
            for (int i = 0; i < jt.length(); i++) j1.set(i, jt.get(i));
            b.upload(field(g, precision, rotated), buf);
            b.current(buf, jt);
            for (int i = 0; i < jt.length(); i++) j2.set(i, jt.get(i));
            double max = maxAbs(psi);
            double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxKDerivative(g) * max * max;
            for (int i = 0; i < j1.length(); i++) assertEquals(j1.get(i), j2.get(i), tol, "j at component-point " + i);
        }
    }

    /** The current against the oracle j = (hbar/m) Im(psi* d psi) with the naive spectral derivative. */
    @ParameterizedTest(name = "shape {0}, {1}")
    @MethodSource("mixedShapes")
    void currentMatchesTheSpectralDefinition(int[] shape, Precision precision) {
        double hbar = 0.9, mass = 1.4;
        Grid g = gridOf(shape);
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            double[] psi = stored(b, buf, randomComplex(g, 21));
            RealField j = RealField.vector(g, precision);
            b.current(buf, j);
            for (int d = 0; d < g.rank(); d++) {
                double[] dpsi = NaiveDft.derivative(g, psi, d);
                double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxAbs(psi) * maxAbs(dpsi);
                for (int p = 0; p < g.points(); p++) {
                    double e = hbar / mass * (psi[2 * p] * dpsi[2 * p + 1] - psi[2 * p + 1] * dpsi[2 * p]);
                    assertEquals(e, j.get(d, p), tol, "j_" + d + " at " + p);
                }
            }
        }
    }

    /**
     * sum j dV = <p>/m (neither normalised), exactly on the grid for any state, Nyquist content
     * included, because both use the same derivative wavenumbers (Parseval).
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void integratedCurrentIsMeanMomentumOverMass(int rank, Precision precision) {
        double hbar = 0.8, mass = 1.7;
        Grid g = mixedGrid(rank);
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            RealField j = RealField.vector(g, precision);
            stored(b, buf, randomComplex(g, 8));
            b.current(buf, j);
            Moments m = b.moments(buf);
            // |sum j dV| <= (hbar/m) ||psi|| ||grad psi|| <= (hbar/m) kMax norm; each term has log2 N roundings
            double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxKDerivative(g) * m.norm();
            for (int d = 0; d < rank; d++) {
                assertEquals(m.p()[d] / mass, sum(j, d) * g.dV(), tol, "random state, axis " + d);
            }
        }
    }

    /**
     * For a normalised Gaussian with momentum p0, sum j dV = p0 / m (the closed form); the grid
     * error is bounded by the neglected tails of |phi(k)|^2 at kMax and of |psi|^2 at the box edge.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void integratedCurrentOfAGaussianIsP0OverM(int rank, Precision precision) {
        double hbar = 0.8, mass = 1.7, length = 16, s = 1.0;
        Grid g = box(rank, 32, length);
        double[] c = {0.3, -0.2, 0.1}, p0 = {0.9, -1.4, 0.5};
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            RealField j = RealField.vector(g, precision);
            b.upload(InitialState.gaussian(c, new double[] {s, s, s}, p0).create(g, precision, hbar), buf);
            b.current(buf, j);
            for (int d = 0; d < rank; d++) {
                double kGap = g.axis(d).kMax() - Math.abs(p0[d] / hbar), xGap = length / 2 - Math.abs(c[d]);
                double disc = 10 * Math.max(Math.exp(-2 * s * s * kGap * kGap), Math.exp(-xGap * xGap / (2 * s * s)));
                double scale = hbar / mass * g.axis(d).kMax();
                double tol = disc * scale + precision.tolerance(8 * (1 + log2(g.points()))) * scale;
                assertEquals(p0[d] / mass, sum(j, d) * g.dV(), tol, "sum j dV = p0 / m, axis " + d);
            }
        }
    }

    // ---- conservation and the continuity equation ---------------------------------------------------------

    /** Real-time steps are unitary: the norm stays 1 over many steps in a rough random potential. */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void normIsConservedOverManySteps(int rank, Precision precision) {
        Grid g = box(rank, rank == 3 ? 24 : 32, 16);
        int steps = 300, chunk = 50;
        try (Backend b = open(g, precision, 1.0, 1.0); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, smoothPotential(g, 4.0, 17)), null);
            b.upload(InitialState.gaussian(new double[] {1, -1, 0.5}, new double[] {1.2, 1.0, 0.9},
                    new double[] {1.5, 0.5, -1.0}).create(g, precision, 1.0), psi);
            for (int n = chunk; n <= steps; n += chunk) {
                b.strang(psi, Complex.real(0.03), chunk);
                // round-off: a few stores per step, each changing the norm by at most ~eps
                assertEquals(1.0, b.moments(psi).norm(), precision.tolerance(4 * n + log2(g.points())), "norm after " + n + " steps");
            }
        }
    }

    /**
     * d rho/dt + div j = 0, with d rho/dt from centred differences of successive Strang steps and
     * div j taken spectrally in test code, for a band-limited state in a smooth potential. Both the difference quotient and Strang are second
     * order, so the residual relative to |d rho/dt| is O((W dt)^2), W the fastest frequency in the
     * state (kinetic hbar k^2/2m over the packet's k range plus the potential's range over hbar),
     * and halving dt cuts it about 4x.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void continuityEquationHoldsBetweenSnapshots(int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, vAmp = 1.0, length = 8;
        Grid g = box(rank, 16, length);
        // the state and V hold Fourier modes |m| <= 2; over two steps the state reaches about |m| <= 4
        double kTop = 4 * 2 * Math.PI / length;
        double w = hbar * kTop * kTop / (2 * mass) + 2 * vAmp / hbar;
        // In single precision the rounding of rho (a few 1e-7 over two steps) divided by 2 dt must
        // stay well below the dt^2 residual at the smaller step, or the dt -> dt/2 ratio measures
        // rounding: twice the steps there.
        double[] dts = precision == Precision.SINGLE ? new double[] {0.04, 0.02} : new double[] {0.02, 0.01};
        double[] rel = new double[2];
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer psi = b.allocate()) {
            double[] v = smoothPotential(g, vAmp, 29);
            b.setPotential(scalar(g, v), null);
            // band-limited and periodic, so the product rule behind d rho/dt = -div j holds on the grid
            ComplexField start = InitialState.given(field(g, Precision.DOUBLE, smoothComplex(g, 31)), "test")
                    .create(g, precision, hbar);
            RealField j = RealField.vector(g, precision);
            for (int i = 0; i < 2; i++) {
                double dt = dts[i];
                b.upload(start, psi);
                double[] rho0 = density(download(b, psi));
                b.strang(psi, Complex.real(dt), 1);
                b.current(psi, j);
                b.strang(psi, Complex.real(dt), 1);
                double[] rho2 = density(download(b, psi));
                double[] div = new double[g.points()];
                for (int d = 0; d < rank; d++) {
                    double[] jd = new double[g.points()];
                    for (int p = 0; p < g.points(); p++) jd[p] = j.get(d, p);
                    double[] djd = NaiveDft.derivativeOfReal(g, jd, d);
                    for (int p = 0; p < g.points(); p++) div[p] += djd[p];
                }
                double res = 0, rate = 0;
                for (int p = 0; p < g.points(); p++) {
                    double drho = (rho2[p] - rho0[p]) / (2 * dt);
                    res = Math.max(res, Math.abs(drho + div[p]));
                    rate = Math.max(rate, Math.abs(drho));
                }
                rel[i] = res / rate;
                double round = precision.tolerance(8 * log2(g.points())) * maxAbs(rho0) / (dt * rate);
                assertTrue(rel[i] < (w * dt) * (w * dt) + round,
                        "continuity residual / |d rho/dt| = " + rel[i] + " at dt " + dt + ", bound " + (w * dt) * (w * dt));
            }
            double ratio = rel[0] / rel[1];
            assertTrue(ratio > 3 && ratio < 5, "residual ratio for dt -> dt/2 was " + ratio + " " + Arrays.toString(rel));
        }
    }

    // ---- the Strang step ----------------------------------------------------------------------------------

    /** The backend's (fused) Strang steps equal the slow reference step, for real and complex tau. */
    @ParameterizedTest(name = "shape {0}, {1}")
    @MethodSource("mixedShapes")
    void strangMatchesTheReferenceStepper(int[] shape, Precision precision) {
        double hbar = 0.9, mass = 1.3;
        Grid g = gridOf(shape);
        double[] v = smoothPotential(g, 2.0, 41), w = absorber(g, 0.5);
        Complex[] taus = {Complex.real(0.07), new Complex(0.05, -0.02), new Complex(0, -0.04)};
        int steps = 4;
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            b.setPotential(scalar(g, v), scalar(g, w));
            ReferenceStepper ref = new ReferenceStepper(g, hbar, mass, v, w);
            for (Complex tau : taus) {
                double[] psi = stored(b, buf, smoothComplex(g, 9));
                b.strang(buf, tau, steps);
                ref.strang(psi, tau, steps);
                double tol = precision.tolerance(steps * (8 + 2 * log2(g.points())));
                assertClose(psi, download(b, buf), tol * maxAbs(psi), "strang vs reference, tau = " + tau);
            }
        }
    }

    /** The fused strang() equals the primitives composed as Backend#strang's documentation defines it. */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void fusedStrangEqualsTheComposedPrimitives(int rank, Precision precision) {
        Grid g = mixedGrid(rank);
        Complex[] taus = {Complex.real(0.05), new Complex(0, -0.05), new Complex(0.04, -0.01)};
        int steps = 3;
        try (Backend b = open(g, precision, 1.1, 0.9); DeviceBuffer fused = b.allocate(); DeviceBuffer composed = b.allocate()) {
            b.setPotential(scalar(g, smoothPotential(g, 3.0, 5)), scalar(g, absorber(g, 0.3)));
            ComplexField start = field(g, precision, smoothComplex(g, 4));
            for (Complex tau : taus) {
                b.upload(start, fused);
                b.upload(start, composed);
                b.strang(fused, tau, steps);
                for (int s = 0; s < steps; s++) {
                    b.potentialPhase(composed, tau.times(0.5));
                    b.fft(composed, false);
                    b.kineticPhase(composed, tau);
                    b.fft(composed, true);
                    b.potentialPhase(composed, tau.times(0.5));
                }
                double[] want = download(b, composed);
                double tol = precision.tolerance(steps * (8 + 4 * log2(g.points())));
                assertClose(want, download(b, fused), tol * maxAbs(want), "fused vs composed, tau = " + tau);
            }
        }
    }

    /**
     * The phases in closed form: potentialPhase multiplies by exp(-i V tau/hbar) exp(-W tau/hbar)
     * (so a real step damps |psi|^2 by exp(-2 W dt/hbar)), and kineticPhase multiplies the lattice
     * plane wave e^{ik.x} by exp(-i hbar |k|^2 tau / 2m), also for imaginary tau.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void phasesMatchTheirClosedForms(int rank, Precision precision) {
        double hbar = 0.6, mass = 2.1;
        Grid g = mixedGrid(rank);
        double[] v = smoothPotential(g, 2.0, 3), w = absorber(g, 0.7);
        Complex tau = new Complex(0.3, -0.1);
        double tol = precision.tolerance(16 + 8 * log2(g.points()));
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer buf = b.allocate()) {
            b.setPotential(scalar(g, v), scalar(g, w));
            double[] psi = stored(b, buf, randomComplex(g, 12));
            b.potentialPhase(buf, tau);
            double[] got = download(b, buf);
            double[] want = new double[psi.length];
            for (int p = 0; p < g.points(); p++) {
                // -i (V - iW)(a + ib)/hbar = (V b - W a)/hbar - i (V a + W b)/hbar
                double mag = Math.exp((v[p] * tau.im() - w[p] * tau.re()) / hbar);
                double ph = -(v[p] * tau.re() + w[p] * tau.im()) / hbar;
                Complex z = new Complex(psi[2 * p], psi[2 * p + 1]).times(new Complex(mag * Math.cos(ph), mag * Math.sin(ph)));
                want[2 * p] = z.re();
                want[2 * p + 1] = z.im();
            }
            assertClose(want, got, tol * maxAbs(want), "potential phase");

            b.setPotential(scalar(g, v), scalar(g, w));
            double[] before = stored(b, buf, randomComplex(g, 13));
            b.potentialPhase(buf, Complex.real(0.25));
            double[] after = download(b, buf);
            for (int p = 0; p < g.points(); p++) {
                double r0 = before[2 * p] * before[2 * p] + before[2 * p + 1] * before[2 * p + 1];
                double r1 = after[2 * p] * after[2 * p] + after[2 * p + 1] * after[2 * p + 1];
                assertEquals(r0 * Math.exp(-2 * w[p] * 0.25 / hbar), r1, tol * 4 * r0, "absorber damping at " + p);
            }

            int[] bin = {2, 7, 9};
            double k2 = 0;
            for (int d = 0; d < rank; d++) k2 += g.axis(d).k(bin[d]) * g.axis(d).k(bin[d]);
            for (Complex t : new Complex[] {Complex.real(0.4), new Complex(0, -0.05), tau}) {
                double[] wave = new double[2 * g.points()];
                for (int p = 0; p < g.points(); p++) {
                    double ph = 0;
                    for (int d : g.activeAxes()) ph += g.axis(d).k(bin[d]) * g.axis(d).x(g.index(p, d));
                    wave[2 * p] = Math.cos(ph);
                    wave[2 * p + 1] = Math.sin(ph);
                }
                b.upload(field(g, precision, wave), buf);
                b.fft(buf, false);
                b.kineticPhase(buf, t);
                b.fft(buf, true);
                Complex factor = t.times(new Complex(0, -hbar * k2 / (2 * mass))).exp();
                double[] exp = new double[wave.length];
                for (int p = 0; p < g.points(); p++) {
                    Complex z = new Complex(wave[2 * p], wave[2 * p + 1]).times(factor);
                    exp[2 * p] = z.re();
                    exp[2 * p + 1] = z.im();
                }
                assertClose(exp, download(b, buf), tol * maxAbs(exp), "kinetic phase of e^{ik.x}, tau = " + t);
            }
        }
    }

    // ---- observables -------------------------------------------------------------------------------------

    /**
     * Moments of a Gaussian in V = sum_d a_d x_d^2 against the closed forms: norm 1, <x> = c,
     * <p> = p0, kinetic sum (p0^2/2m + hbar^2/(8 m s^2)), potential sum a (s^2 + c^2).
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void momentsOfAGaussianMatchTheClosedForms(int rank, Precision precision) {
        double hbar = 0.8, mass = 1.25;
        Grid g = box(rank, 48, 24);
        double[] c = {-0.6, 0.4, 1.1}, s = {1.0, 1.2, 0.9}, p0 = {0.8, -0.4, 0.6}, a = {0.3, 0.7, 0.5};
        double[] v = new double[g.points()];
        for (int p = 0; p < g.points(); p++) {
            for (int d : g.activeAxes()) {
                double x = g.axis(d).x(g.index(p, d));
                v[p] += a[d] * x * x;
            }
        }
        double kinetic = 0, potential = 0, disc = 0;
        for (int d = 0; d < rank; d++) {
            kinetic += p0[d] * p0[d] / (2 * mass) + hbar * hbar / (8 * mass * s[d] * s[d]);
            potential += a[d] * (s[d] * s[d] + c[d] * c[d]);
            double kGap = g.axis(d).kMax() - Math.abs(p0[d] / hbar), xGap = 12 - Math.abs(c[d]);
            disc = Math.max(disc, 100 * Math.max(Math.exp(-2 * s[d] * s[d] * kGap * kGap), Math.exp(-xGap * xGap / (2 * s[d] * s[d]))));
        }
        double tol = disc + precision.tolerance(8 * log2(g.points()));
        try (Backend b = open(g, precision, hbar, mass); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, v), null);
            b.upload(InitialState.gaussian(c, s, p0).create(g, precision, hbar), psi);
            Moments m = b.moments(psi);
            assertEquals(1.0, m.norm(), tol, "norm");
            assertEquals(rank, m.x().length, "one x moment per declared axis");
            assertEquals(rank, m.p().length, "one p moment per declared axis");
            for (int d = 0; d < rank; d++) {
                assertEquals(c[d], m.meanX(d), tol * 12, "<x> axis " + d);
                assertEquals(p0[d], m.meanP(d), tol * hbar * g.axis(d).kMax(), "<p> axis " + d);
            }
            assertEquals(kinetic, m.kinetic(), tol * kinetic * 4, "kinetic energy");
            assertEquals(potential, m.potential(), tol * potential * 4, "potential energy");
            assertEquals(kinetic + potential, m.energy(), tol * (kinetic + potential) * 4, "energy");
        }
    }

    // ---- the propagator on this backend ---------------------------------------------------------------------

    /**
     * A time-dependent uniform force, V = -F0 cos(W t) x_last: Ehrenfest is exact for a linear
     * potential, so <p>(T) = p0 + F0 sin(W T)/W. The propagator samples V at mid-step, which makes
     * <p> the composite midpoint rule of the force: error <= T dt^2 max|F''| / 24, second order
     * (sampling at the start of a step would be first order). Exercises setPotential every step.
     */
    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void timeDependentForceKicksTheMomentumAtSecondOrder(int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, f0 = 1.0, w = 2.0, tEnd = 1.0;
        Grid g = box(rank, rank == 3 ? 24 : 48, rank == 3 ? 14 : 20);
        String axis = new String[] {"x", "y", "z"}[rank - 1];
        Potential pot = Potential.expression(String.format(Locale.ROOT, "-%s*cos(%s*t)*%s", f0, w, axis), "potential.expression");
        assertTrue(pot.timeDependent(), "the expression uses t");
        double exact = f0 * Math.sin(w * tEnd) / w;
        int[] steps = {10, 20};
        double[] err = new double[2];
        for (int i = 0; i < 2; i++) {
            double dt = tEnd / steps[i];
            try (Backend b = open(g, precision, hbar, mass); SplitOperator op = new SplitOperator(b, pot, dt)) {
                op.reset(InitialState.gaussian(new double[3], new double[] {1, 1, 1}, new double[3]).create(g, precision, hbar), 0, 0);
                op.advance(steps[i]);
                assertEquals(tEnd, op.time(), 1e-12, "clock");
                double p = b.moments(op.psi()).meanP(rank - 1);
                err[i] = Math.abs(p - exact);
                double bound = tEnd * dt * dt * f0 * w * w / 24;
                assertTrue(err[i] <= 1.1 * bound + precision.tolerance(8 * steps[i]),
                        "<p>(T) error " + err[i] + " exceeds the midpoint-rule bound " + bound + " at dt " + dt);
            }
        }
        double ratio = err[0] / err[1];
        assertTrue(ratio > 3 && ratio < 5, "error ratio for dt -> dt/2 was " + ratio + " " + Arrays.toString(err));
    }

    // ---- fixtures ------------------------------------------------------------------------------------------

    /** The oscillator of the coherent-state tests; sizes keep spectral and image errors below 1e-10. */
    private final class Oscillator {
        final int rank;
        final Precision precision;
        final double hbar = 0.8, mass = 1.25, omega = 1.1;
        final double[] x0 = {1.5, -1.0}, p0 = {1.2, 0.5};
        final double sigma2;
        final Grid grid;

        Oscillator(int rank, Precision precision) {
            this.rank = rank;
            this.precision = precision;
            this.sigma2 = hbar / (2 * mass * omega);
            this.grid = box(rank, 64, 16);
        }

        Backend open() {
            Backend b = BackendContract.this.open(grid, precision, hbar, mass);
            b.setPotential(scalar(grid, harmonic(grid, mass, omega)), null);
            return b;
        }

        ComplexField initial() {
            double s = Math.sqrt(sigma2);
            return InitialState.gaussian(x0, new double[] {s, s}, p0).create(grid, precision, hbar);
        }

        double amplitude(int d) {
            double v = p0[d] / (mass * omega);
            return Math.sqrt(x0[d] * x0[d] + v * v);
        }

        double energy() {
            double e = 0;
            for (int d = 0; d < rank; d++) {
                e += p0[d] * p0[d] / (2 * mass) + mass * omega * omega * x0[d] * x0[d] / 2 + hbar * omega / 2;
            }
            return e;
        }
    }

    /** Axes [-L/2, L/2) with n points each. */
    protected static Grid box(int rank, int n, double length) {
        Axis[] a = new Axis[rank];
        for (int d = 0; d < rank; d++) a[d] = new Axis(n, -length / 2, length / 2);
        return Grid.of(a);
    }

    /** A small grid of unequal axes (16 x 12 x 10 over 8 x 6 x 5, off-centre), first {@code rank} of them. */
    protected static Grid mixedGrid(int rank) {
        Axis[] all = {new Axis(16, -4.5, 3.5), new Axis(12, -2.0, 4.0), new Axis(10, -2.5, 2.5)};
        return Grid.of(Arrays.copyOf(all, rank));
    }

    protected static Grid gridOf(int[] shape) {
        Axis[] a = new Axis[shape.length];
        for (int d = 0; d < shape.length; d++) a[d] = new Axis(shape[d], -0.3 * (d + 1), 0.7 * shape[d]);
        return Grid.of(a);
    }

    protected static double log2(double n) {
        return Math.log(Math.max(n, 2)) / Math.log(2);
    }

    /** Uniform noise in [-1, 1) on both parts: every frequency, Nyquist included. */
    protected static double[] randomComplex(Grid g, long seed) {
        Random r = new Random(seed);
        double[] a = new double[2 * g.points()];
        for (int i = 0; i < a.length; i++) a[i] = 2 * r.nextDouble() - 1;
        return a;
    }

    /** A smooth periodic complex field: a few low Fourier modes with random amplitudes. */
    protected static double[] smoothComplex(Grid g, long seed) {
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
    protected static double[] smoothPotential(Grid g, double amp, long seed) {
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
    protected static double[] absorber(Grid g, double amp) {
        double[] w = new double[g.points()];
        for (int p = 0; p < g.points(); p++) {
            double s = 0;
            for (int d : g.activeAxes()) s += 0.5 * (1 - Math.cos(2 * Math.PI * g.index(p, d) / g.n(d) + Math.PI));
            w[p] = amp * s / g.rank();
        }
        return w;
    }

    protected static double[] harmonic(Grid g, double mass, double omega) {
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
    protected static double maxKDerivative(Grid g) {
        double k = 0;
        for (int d : g.activeAxes()) for (int i = 0; i < g.n(d); i++) k = Math.max(k, Math.abs(g.axis(d).kDerivative(i)));
        return k;
    }

    protected static ComplexField field(Grid g, Precision precision, double[] interleaved) {
        ComplexField f = new ComplexField(g, precision);
        for (int p = 0; p < g.points(); p++) f.set(p, interleaved[2 * p], interleaved[2 * p + 1]);
        return f;
    }

    protected static double[] interleaved(ComplexField f) {
        double[] a = new double[2 * f.points()];
        for (int p = 0; p < f.points(); p++) {
            a[2 * p] = f.re(p);
            a[2 * p + 1] = f.im(p);
        }
        return a;
    }

    protected static RealField scalar(Grid g, double[] values) {
        RealField f = RealField.scalar(g, Precision.DOUBLE);
        for (int p = 0; p < values.length; p++) f.set(p, values[p]);
        return f;
    }

    protected static double[] download(Backend b, DeviceBuffer buf) {
        ComplexField f = new ComplexField(b.grid(), b.precision());
        b.download(buf, f);
        return interleaved(f);
    }

    /** Uploads {@code values} and returns what the buffer holds (rounded to the backend's precision). */
    protected static double[] stored(Backend b, DeviceBuffer buf, double[] values) {
        b.upload(field(b.grid(), Precision.DOUBLE, values), buf);
        return download(b, buf);
    }

    protected static double[] density(double[] psi) {
        double[] r = new double[psi.length / 2];
        for (int p = 0; p < r.length; p++) r[p] = psi[2 * p] * psi[2 * p] + psi[2 * p + 1] * psi[2 * p + 1];
        return r;
    }

    /** Variance of |psi|^2 along each declared axis (normalised). */
    protected static double[] variances(Grid g, double[] psi) {
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

    protected static double sum(RealField f, int component) {
        double s = 0;
        for (int p = 0; p < f.grid().points(); p++) s += f.get(component, p);
        return s;
    }

    protected static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Asserts max_i |want_i - got_i| <= tol, naming the worst index. */
    protected static void assertClose(double[] want, double[] got, double tol, String what) {
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
