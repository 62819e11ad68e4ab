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
 * The phases of a split step and their fused composition: potential and kinetic phases against
 * their closed forms, the fused Strang step against the composed primitives and against the slow
 * reference stepper ({@link ReferenceStepper}). Runs over every backend factory, OpenCL also with
 * axes split into several passes.
 */
class PhaseContractTest {

    static Stream<Arguments> mixedShapes() {
        return cross(BackendFactory.withSplitAxes(), Fixtures.mixedShapes());
    }

    /** Every rank, and axes long enough to split: 1000 (10 x 10 x 10) and 96 x 6 (16 x 6) at 16 points a line. */
    static Stream<Arguments> splitShapes() {
        List<Object[]> shapes = new ArrayList<>();
        for (int[] s : new int[][] {{16}, {16, 12}, {16, 12, 10}, {1000}, {96, 6}}) {
            for (Precision p : Precision.values()) shapes.add(new Object[] {s, p});
        }
        return cross(BackendFactory.withSplitAxes(), shapes);
    }

    /**
     * The phases in closed form, from the Hamiltonian's tables and coefficient: the potential phase
     * of a whole step multiplies by exp(-i V tau/hbar) exp(-W tau/hbar)
     * (so a real step damps |psi|^2 by exp(-2 W dt/hbar)), and the kinetic phase multiplies the lattice
     * plane wave e^{ik.x} by exp(-i hbar |k|^2 tau / 2m), also for imaginary tau.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void phasesMatchTheirClosedForms(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.6, mass = 2.1;
        Grid g = mixedGrid(rank);
        double[] v = smoothPotential(g, 2.0, 3), w = absorber(g, 0.7);
        Complex tau = new Complex(0.3, -0.1);
        double tol = precision.tolerance(16 + 8 * log2(g.points()));
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            b.setPotential(scalar(g, v), scalar(g, w));
            double[] psi = stored(b, buf, randomComplex(g, 12));
            try (Phases whole = wholeStep(b, h, tau)) {
                b.potentialPhase(buf, whole);
            }
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
            try (Phases whole = wholeStep(b, h, Complex.real(0.25))) {
                b.potentialPhase(buf, whole);
            }
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
                try (Phases whole = wholeStep(b, h, t)) {
                    b.kineticPhase(buf, whole);
                }
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

    /**
     * The fused strang() equals the primitives composed as Backend#strang's documentation defines
     * it, for 1, 2 and 5 steps (a fused schedule has a first, a repeated and a last part), on
     * split axes too ({@link BackendFactory#withSplitAxes}: 1000 = 10^3 points in three passes,
     * 96 = 16 x 6 in two).
     */
    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("splitShapes")
    void fusedStrangEqualsTheComposedPrimitives(BackendFactory f, int[] shape, Precision precision) {
        Grid g = gridOf(shape);
        Complex[] taus = {Complex.real(0.05), new Complex(0, -0.05), new Complex(0.04, -0.01)};
        Hamiltonian h = free(1.1, 0.9);
        try (Backend b = f.open(g, precision); DeviceBuffer fused = b.allocate(); DeviceBuffer composed = b.allocate()) {
            b.setPotential(scalar(g, smoothPotential(g, 3.0, 5)), scalar(g, absorber(g, 0.3)));
            ComplexField start = field(g, precision, smoothComplex(g, 4));
            for (Complex tau : taus) {
                for (int steps : new int[] {1, 2, 5}) {
                    b.upload(start, fused);
                    b.upload(start, composed);
                    try (Phases p = b.prepare(h, tau)) {
                        b.strang(fused, p, steps);
                        for (int s = 0; s < steps; s++) {
                            b.potentialPhase(composed, p);
                            b.fft(composed, false);
                            b.kineticPhase(composed, p);
                            b.fft(composed, true);
                            b.potentialPhase(composed, p);
                        }
                    }
                    double[] want = download(b, composed);
                    double tol = precision.tolerance(steps * (8 + 4 * log2(g.points())));
                    assertClose(want, download(b, fused), tol * maxAbs(want), steps + " steps fused vs composed, tau = " + tau);
                }
            }
        }
    }

    /** Phases whose potential and kinetic parts are both whole steps of tau. */
    private static Phases wholeStep(Backend b, Hamiltonian h, Complex tau) {
        double[][] k = new double[3][];
        for (int d = 0; d < 3; d++) k[d] = h.kineticFactors(b.grid(), d, tau);
        return b.prepare(h.potentialCoefficient(tau), k);
    }

    /** The backend's (fused) Strang steps equal the slow reference step, for real and complex tau. */
    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("mixedShapes")
    void strangMatchesTheReferenceStepper(BackendFactory f, int[] shape, Precision precision) {
        double hbar = 0.9, mass = 1.3;
        Grid g = gridOf(shape);
        double[] v = smoothPotential(g, 2.0, 41), w = absorber(g, 0.5);
        Complex[] taus = {Complex.real(0.07), new Complex(0.05, -0.02), new Complex(0, -0.04)};
        int steps = 4;
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            b.setPotential(scalar(g, v), scalar(g, w));
            ReferenceStepper ref = new ReferenceStepper(g, hbar, mass, v, w);
            for (Complex tau : taus) {
                double[] psi = stored(b, buf, smoothComplex(g, 9));
                strang(b, h, buf, tau, steps);
                ref.strang(psi, tau, steps);
                double tol = precision.tolerance(steps * (8 + 2 * log2(g.points())));
                assertClose(psi, download(b, buf), tol * maxAbs(psi), "strang vs reference, tau = " + tau);
            }
        }
    }
}
