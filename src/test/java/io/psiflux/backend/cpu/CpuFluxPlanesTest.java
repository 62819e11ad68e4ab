package io.psiflux.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU's flux planes (a derivative at one index per crossing line) against the slow oracle
 * (the whole current from {@link CpuBackend#current}, summed over the plane) and against the
 * plane wave's closed form hbar k A^2 / m times the plane's area.
 */
class CpuFluxPlanesTest {
    static final double HBAR = 0.8, MASS = 1.7;

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (int[] s : new int[][] {{48}, {30, 17}, {12, 10, 9}}) a.add(Arguments.of(p, s));
        }
        return a.stream();
    }

    static Grid grid(int[] shape) {
        List<Axis> axes = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) axes.add(new Axis(shape[d], -3 - d, 4 + 0.5 * d));
        return Grid.of(axes);
    }

    /** Planes on every axis: at the middle, a third of the way, and the first index. */
    static int[][] planes(Grid g) {
        int r = g.rank();
        int[] axes = new int[3 * r], idx = new int[3 * r];
        for (int d = 0; d < r; d++) {
            axes[3 * d] = axes[3 * d + 1] = axes[3 * d + 2] = d;
            idx[3 * d] = g.n(d) / 2;
            idx[3 * d + 1] = g.n(d) / 3;
            idx[3 * d + 2] = 0;
        }
        return new int[][] {axes, idx};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void randomStateFluxEqualsTheSummedCurrent(Precision p, int[] shape) {
        Grid g = grid(shape);
        int[][] pl = planes(g);
        Random rnd = new Random(11);
        ComplexField psi = new ComplexField(g, p);
        for (int q = 0; q < g.points(); q++) psi.set(q, rnd.nextGaussian(), rnd.nextGaussian());
        try (CpuBackend b = new CpuBackend(g, p, HBAR, MASS, 2); DeviceBuffer buf = b.allocate();
             FluxPlanes planes = b.fluxPlanes(pl[0], pl[1])) {
            b.upload(psi, buf);
            double[] out = new double[pl[0].length];
            planes.measure(buf, out);
            RealField j = RealField.vector(g, Precision.DOUBLE);
            b.current(buf, j);
            for (int q = 0; q < out.length; q++) {
                int d = pl[0][q];
                double sum = 0, scale = 0;
                for (int pt = 0; pt < g.points(); pt++) {
                    if (g.index(pt, d) != pl[1][q]) continue;
                    sum += j.get(d, pt);
                    scale += Math.abs(j.get(d, pt));
                }
                double expect = sum * g.dV() / g.axis(d).dx();
                double tol = (p == Precision.DOUBLE ? 1e-12 : 1e-5) * scale * g.dV() / g.axis(d).dx();
                assertEquals(expect, out[q], tol, "plane " + q + " (axis " + d + ", index " + pl[1][q] + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void planeWaveFluxIsHbarKAmplitudeSquaredOverMTimesArea(Precision p, int[] shape) {
        Grid g = grid(shape);
        int[][] pl = planes(g);
        int[] modes = {2, -1, 3};
        double amp = 0.7;
        ComplexField psi = new ComplexField(g, p);
        double[] k = new double[3];
        for (int d = 0; d < g.rank(); d++) k[d] = 2 * Math.PI * modes[d] / g.axis(d).length();
        for (int q = 0; q < g.points(); q++) {
            double phase = 0;
            for (int d = 0; d < g.rank(); d++) phase += k[d] * g.axis(d).x(g.index(q, d));
            psi.set(q, amp * Math.cos(phase), amp * Math.sin(phase));
        }
        try (CpuBackend b = new CpuBackend(g, p, HBAR, MASS, 2); DeviceBuffer buf = b.allocate();
             FluxPlanes planes = b.fluxPlanes(pl[0], pl[1])) {
            b.upload(psi, buf);
            double[] out = new double[pl[0].length];
            planes.measure(buf, out);
            for (int q = 0; q < out.length; q++) {
                int d = pl[0][q];
                double area = 1;
                for (int e = 0; e < g.rank(); e++) if (e != d) area *= g.axis(e).length();
                double expect = HBAR * k[d] / MASS * amp * amp * area;
                assertEquals(expect, out[q], (p == Precision.DOUBLE ? 1e-12 : 1e-5) * Math.abs(expect), "plane " + q);
            }
        }
    }
}
