package io.psiflux.backend.opencl;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenCL FFT against a naive double-precision DFT written here (the oracle), for every radix
 * and for each axis of mixed 2D and 3D grids, in both precisions.
 */
class FftAccuracyTest {

    @BeforeAll
    static void needsOpenCl() {
        OpenClAvailable.require();
    }

    /** Build option for shapes only this class uses: PoCL then compiles a new line geometry ~3x faster. */
    private static final String QUICK = "-cl-opt-disable";

    /**
     * Every radix and the listed sizes along one axis in double; long lines in single; mixed 2D and
     * 3D shapes (every axis checked) in both; axes split into 2 or 3 passes by a lowered local-line
     * limit, contiguous and strided. Shapes that OperationsTest also runs (those of {@link States}
     * and its split axes) are built optimised, and shared with it; the others are built without
     * optimisation to keep the suite quick on PoCL. Between them the optimised builds use every
     * radix, and the contract suite builds its own shapes optimised.
     */
    static Stream<Arguments> shapes() {
        int local = FftPlan.DEFAULT_MAX_LOCAL_LENGTH;
        List<Arguments> a = new ArrayList<>();
        for (int n : new int[]{2, 3, 4, 5, 7, 8, 16, 27, 25, 49, 64, 125, 343, 512, 1000, 1024, 2187, 4096}) {
            a.add(Arguments.of(Precision.DOUBLE, new int[]{n}, local, QUICK));
        }
        for (int n : new int[]{1000, 2187, 4096}) a.add(Arguments.of(Precision.SINGLE, new int[]{n}, local, QUICK));
        for (Precision p : Precision.values()) {
            for (int[] s : new int[][]{States.LINE, States.PLANE, States.CUBE}) a.add(Arguments.of(p, s, local, ""));
            a.add(Arguments.of(p, new int[]{12, 35, 16}, local, QUICK));
            a.add(Arguments.of(p, new int[]{1000}, 64, ""));
        }
        a.add(Arguments.of(Precision.DOUBLE, new int[]{4096}, 16, ""));
        a.add(Arguments.of(Precision.DOUBLE, new int[]{96, 6}, 16, ""));
        a.add(Arguments.of(Precision.DOUBLE, new int[]{5, 80, 3}, 16, QUICK));
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} max line {2} {3}")
    @MethodSource("shapes")
    void matchesNaiveDft(Precision precision, int[] shape, int maxLocal, String options) {
        Grid g = States.grid(shape);
        ComplexField in = States.random(g, 42);
        ComplexField ref = Dft.forward(in);
        try (OpenClBackend b = OpenClBackend.open(g, precision, 1, 1, null, maxLocal, options);
             DeviceBuffer psi = b.allocate()) {
            b.upload(in, psi);
            b.fft(psi, false);
            ComplexField out = new ComplexField(g, precision);
            b.download(psi, out);
            double err = Dft.maxRelError(out, ref);
            // Both bounds sit about ten times above the errors seen (a few 1e-15 and 1e-7).
            double tol = precision == Precision.DOUBLE ? 1e-13 : 3e-6;
            assertTrue(err < tol, "forward FFT of " + g + " in " + precision + ": relative error " + err);
            b.fft(psi, true);
            b.download(psi, out);
            double back = Dft.maxRelError(out, in.to(precision));
            assertTrue(back < tol, "round trip of " + g + " in " + precision + ": relative error " + back);
        }
    }
}
