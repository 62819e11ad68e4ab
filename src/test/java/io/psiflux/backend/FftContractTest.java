package io.psiflux.backend;

import static io.psiflux.backend.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.propagate.SplitOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FFT every backend runs, against the naive DFT oracle ({@link NaiveDft}) and lattice plane
 * waves, over every backend factory ({@link BackendFactory}). Round-off bounds come from
 * {@link Precision#tolerance(double)} with the operation count stated at each use.
 */
class FftContractTest {

    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("io.psiflux.backend.Fixtures#shapes")
    void fftMatchesNaiveDftForwardAndInverse(BackendFactory f, int[] shape, Precision precision) {
        Grid g = gridOf(shape);
        Hamiltonian h = free(1.0, 1.0);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
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
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void fftPutsALatticePlaneWaveInItsBin(BackendFactory f, int rank, Precision precision) {
        Grid g = mixedGrid(rank);
        int[] bin = {3, 9, 7}; // 9 of 12 and 7 of 10 are negative frequencies
        double[] psi = new double[2 * g.points()];
        for (int p = 0; p < g.points(); p++) {
            double ph = 0;
            for (int d : g.activeAxes()) ph += g.axis(d).k(bin[d]) * g.axis(d).x(g.index(p, d));
            psi[2 * p] = Math.cos(ph);
            psi[2 * p + 1] = Math.sin(ph);
        }
        Hamiltonian h = free(1.0, 1.0);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
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

    /**
     * Every radix the backends use and the sizes around them, long lines, 2D and 3D shapes with
     * every axis checked, and split axes: the FFT against the oracle to about ten times the
     * round-off seen (a few 1e-15 in double, 1e-7 in single). OpenCL builds these many line
     * geometries unoptimised (compile time dominates on PoCL); the split factory runs the long ones.
     */
    static Stream<Arguments> radixSweep() {
        List<Object[]> lines = new ArrayList<>();
        for (int n : new int[] {2, 3, 4, 5, 7, 8, 16, 27, 25, 49, 64, 125, 343, 512, 1000, 1024, 2187, 4096}) {
            lines.add(new Object[] {new int[] {n}, Precision.DOUBLE});
        }
        for (int n : new int[] {1000, 2187, 4096}) lines.add(new Object[] {new int[] {n}, Precision.SINGLE});
        for (Precision p : Precision.values()) {
            lines.add(new Object[] {new int[] {40, 49}, p});
            lines.add(new Object[] {new int[] {12, 35, 16}, p});
        }
        List<Object[]> split = new ArrayList<>();
        for (int[] s : new int[][] {{1000}, {4096}, {96, 6}, {5, 80, 3}}) split.add(new Object[] {s, Precision.DOUBLE});
        split.add(new Object[] {new int[] {1000}, Precision.SINGLE});
        List<BackendFactory> quick = List.of(BackendFactory.all().get(0), io.psiflux.backend.opencl.OpenClFactories.quickBuild());
        return Stream.concat(cross(quick, lines), cross(List.of(io.psiflux.backend.opencl.OpenClFactories.splitAxes(16)), split));
    }

    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("radixSweep")
    void fftIsAccurateForEveryRadixAndSplit(BackendFactory f, int[] shape, Precision precision) {
        Grid g = gridOf(shape);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            double[] x = stored(b, buf, randomComplex(g, 42));
            double[] ref = x.clone();
            NaiveDft.transform(g, ref, false);
            b.fft(buf, false);
            double tol = precision == Precision.DOUBLE ? 1e-13 : 3e-6;
            double err = maxDiff(download(b, buf), ref) / maxAbs(ref);
            assertTrue(err < tol, "forward FFT of " + g + " in " + precision + ": relative error " + err);
            b.fft(buf, true);
            double back = maxDiff(download(b, buf), x) / maxAbs(x);
            assertTrue(back < tol, "round trip of " + g + " in " + precision + ": relative error " + back);
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]));
        return m;
    }
}
