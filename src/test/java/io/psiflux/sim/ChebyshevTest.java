package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.propagate.Chebyshev;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Chebyshev propagator is exact in time: a coherent state of the oscillator, whose
 * wavefunction at any t is a closed form (phase included), comes out right to round-off whatever
 * the step, where the split step's error grows as dt^2; with a field and a rotation it agrees with
 * the split step as dt shrinks (at second order) and with the RK4 integration of the textbook H.
 */
class ChebyshevTest {

    /** The series of the exponential, checked where it is used: on scalars x in [-1, 1]. */
    @ParameterizedTest(name = "z = {0}")
    @ValueSource(doubles = {0.3, 7.0, 150.0, 2000.0})
    void coefficientsSumToTheExponential(double z) {
        double theta = 0.4;
        Complex[] a = Chebyshev.coefficients(z, theta, 0x1p-53);
        assertTrue(a.length < z + 30 + 10 * Math.cbrt(z), a.length + " terms for z = " + z);
        for (int i = 0; i <= 40; i++) {
            double x = -1 + i / 20.0, t0 = 1, t1 = x, re = 0, im = 0;
            for (int k = 0; k < a.length; k++) {
                double tk = k == 0 ? 1 : k == 1 ? x : 2 * x * t1 - t0;
                if (k >= 2) {
                    t0 = t1;
                    t1 = tk;
                }
                re += a[k].re() * tk;
                im += a[k].im() * tk;
            }
            double want = theta + z * x;
            double err = Math.hypot(re - Math.cos(want), im + Math.sin(want));
            assertTrue(err < 1e-13 * Math.max(1, Math.sqrt(z)), "z = " + z + ", x = " + x + ": error " + err);
        }
    }

    /** Textbook values (Abramowitz and Stegun, table 9.1). */
    @Test
    void besselValues() {
        double[] j1 = Chebyshev.besselJ(1, 3), j10 = Chebyshev.besselJ(10, 3);
        assertEquals(0.7651976865579666, j1[0], 1e-15);
        assertEquals(0.4400505857449335, j1[1], 1e-15);
        assertEquals(-0.2459357644513483, j10[0], 1e-15);
        assertEquals(0.0434727461688614, j10[1], 1e-15);
    }

    /** psi(x, t) of a coherent state of the oscillator of frequency w (m = hbar = 1), phase included. */
    static double[] coherent(double x, double w, double x0, double p0, double t) {
        double q = x0 * Math.cos(w * t) + p0 / w * Math.sin(w * t), p = p0 * Math.cos(w * t) - w * x0 * Math.sin(w * t);
        double mag = Math.pow(w / Math.PI, 0.25) * Math.exp(-w * (x - q) * (x - q) / 2);
        double ph = p * (x - q / 2) - w * t / 2 + p0 * x0 / 2;
        return new double[] {mag * Math.cos(ph), mag * Math.sin(ph)};
    }

    /** The 2D coherent state of V = (x^2 + 4 y^2) / 2 at time t on g, a product of two 1D ones. */
    static double[] coherent2d(Grid g, double t) {
        double[] out = new double[2 * g.points()];
        for (int p = 0; p < g.points(); p++) {
            double[] a = coherent(g.axis(0).x(g.index(p, 0)), 1, 1.5, -1.0, t), b = coherent(g.axis(1).x(g.index(p, 1)), 2, -0.8, 1.3, t);
            out[2 * p] = a[0] * b[0] - a[1] * b[1];
            out[2 * p + 1] = a[0] * b[1] + a[1] * b[0];
        }
        return out;
    }

    static final Grid G2 = Grid.of(new Axis(64, -10, 10), new Axis(96, -9, 9));
    static final Hamiltonian OSC = Hamiltonian.builder().potential("0.5*(x^2 + 4*y^2)").build();

    static double distance(Grid g, double[] a, ComplexField b) {
        double s = 0;
        for (int p = 0; p < g.points(); p++) {
            double dr = a[2 * p] - b.re(p), di = a[2 * p + 1] - b.im(p);
            s += dr * dr + di * di;
        }
        return Math.sqrt(s * g.dV());
    }

    static Stream<Arguments> backendsAndPrecisions() {
        List<Arguments> out = new ArrayList<>();
        for (String b : new String[] {"cpu", "opencl"}) for (Precision p : Precision.values()) out.add(Arguments.of(b, p));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndPrecisions")
    void aCoherentStateIsExactForAnyStep(String backend, Precision precision) {
        double total = 6.0;
        ComplexField psi0 = new ComplexField(G2, Precision.DOUBLE);
        double[] c0 = coherent2d(G2, 0), cT = coherent2d(G2, total);
        for (int p = 0; p < G2.points(); p++) psi0.set(p, c0[2 * p], c0[2 * p + 1]);
        // single: each step rounds its ~70 terms in float, about 1.5e-6 per step here
        double tol = precision == Precision.DOUBLE ? 1e-10 : 1e-4;
        StringBuilder report = new StringBuilder();
        for (double dt : new double[] {0.25, 1.5, 6.0}) {
            int steps = (int) Math.round(total / dt);
            try (Simulation sim = Simulation.builder(G2, OSC).backend(backend).precision(precision).initial(psi0).dt(dt)
                    .method(Method.CHEBYSHEV).build()) {
                sim.advance(steps);
                double err = distance(G2, cT, sim.psi());
                int perStep = ((Chebyshev) sim.propagator()).applicationsPerStep();
                report.append(String.format(Locale.ROOT, " dt %.2f: error %.2e, %d H psi (%d per step);", dt, err, perStep * steps, perStep));
                assertTrue(err < tol, backend + " " + precision + ":" + report);
                assertEquals(1.0, sim.observe().norm(), precision == Precision.DOUBLE ? 1e-12 : 1e-5);
                assertEquals((1 + 1.5 * 1.5) / 2 + 0.5 + (1.3 * 1.3 + 4 * 0.8 * 0.8) / 2 + 1, sim.observe().energy(),
                        precision == Precision.DOUBLE ? 1e-11 : 1e-4, "E = sum of (p0^2 + w^2 x0^2) / 2 + w / 2");
            }
        }
        // the split step at the smallest of those steps is far off: dt independence is the point
        try (Simulation sim = Simulation.builder(G2, OSC).backend(backend).precision(precision).initial(psi0).dt(0.25).build()) {
            sim.advance(24);
            double err = distance(G2, cT, sim.psi());
            report.append(String.format(Locale.ROOT, " split dt 0.25: error %.2e", err));
            assertTrue(err > 1e-3, report.toString());
        }
        System.out.println("coherent state, " + backend + " " + precision + ":" + report);
    }

    static Stream<Arguments> fieldCases() {
        List<Arguments> out = new ArrayList<>();
        List<NewTermsConvergenceTest.Case> chosen = new ArrayList<>();
        for (NewTermsConvergenceTest.Case c : HamiltonianApplyTest.cases()) {
            if (c.name().equals("2D field, symmetric gauge") || c.name().startsWith("3D oblique")) chosen.add(c);
        }
        chosen.add(new NewTermsConvergenceTest.Case("2D field and rotation", Grid.of(new Axis(24, -6, 6), new Axis(24, -6, 6)),
                NewTermsConvergenceTest.base(2).magnetic(new double[] {0, 0, 1.1}, io.psiflux.physics.MagneticField.Gauge.SYMMETRIC)
                        .rotation(-0.25).build(), new double[] {0, 0, 1.1}, true, -0.25, 0));
        for (String b : new String[] {"cpu", "opencl"}) for (NewTermsConvergenceTest.Case c : chosen) out.add(Arguments.of(b, c));
        return out.stream();
    }

    /**
     * With a field and a rotation: one Chebyshev step of 0.8 equals four of 0.2 to round-off, and
     * agrees with the RK4 integration of the textbook H; the split step converges to it at second order.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fieldCases")
    void withFieldsItAgreesWithTheSplitStepAsDtShrinks(String backend, NewTermsConvergenceTest.Case c) {
        Grid g = c.grid();
        double t = 0.8;
        ComplexField psi0 = NewTermsConvergenceTest.start(g);
        ComplexField one, four;
        try (Simulation sim = Simulation.builder(g, c.h()).backend(backend).initial(psi0).dt(t).method(Method.CHEBYSHEV).build()) {
            sim.advance(1);
            one = sim.psi();
        }
        try (Simulation sim = Simulation.builder(g, c.h()).backend(backend).initial(psi0).dt(t / 4).method(Method.CHEBYSHEV).build()) {
            sim.advance(4);
            four = sim.psi();
        }
        double steps = distance(g, one.doubles(), four);
        double[] rk4 = NewTermsConvergenceTest.REFERENCES.computeIfAbsent(c.name() + " (Chebyshev test)",
                n -> NewTermsConvergenceTest.rk4(c, psi0.doubles().clone(), t, 1600));
        double vsRk4 = distance(g, rk4, one);
        int[] n = {8, 16, 32};
        double[] err = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            try (Simulation sim = Simulation.builder(g, c.h()).backend(backend).initial(psi0).dt(t / n[i]).build()) {
                sim.advance(n[i]);
                err[i] = distance(g, one.doubles(), sim.psi());
            }
        }
        String msg = String.format(Locale.ROOT, "%s on %s: 1 vs 4 Chebyshev steps %.2e, vs RK4 %.2e; split steps off by %.3e %.3e %.3e",
                c, backend, steps, vsRk4, err[0], err[1], err[2]);
        System.out.println(msg);
        assertTrue(steps < 1e-12, msg);
        assertTrue(vsRk4 < 1e-8, msg);
        for (int i = 1; i < n.length; i++) {
            double ratio = err[i - 1] / err[i];
            assertTrue(ratio > 3.4 && ratio < 4.6, "second order towards the exact answer (ratio " + ratio + "): " + msg);
        }
    }

    /** cpu = opencl: the same steps under a field and a rotation give the same psi to round-off (double). */
    @Test
    void cpuAndOpenClAgree() {
        NewTermsConvergenceTest.Case c = (NewTermsConvergenceTest.Case) fieldCases().filter(a -> a.get()[0].equals("cpu"))
                .map(a -> a.get()[1]).filter(x -> x.toString().contains("rotation")).findFirst().orElseThrow();
        Grid g = c.grid();
        ComplexField psi0 = NewTermsConvergenceTest.start(g);
        ComplexField[] out = new ComplexField[2];
        String[] backends = {"cpu", "opencl"};
        for (int i = 0; i < 2; i++) {
            try (Simulation sim = Simulation.builder(g, c.h()).backend(backends[i]).initial(psi0).dt(0.4).method(Method.CHEBYSHEV).build()) {
                sim.advance(3);
                out[i] = sim.psi();
            }
        }
        double d = distance(g, out[0].doubles(), out[1]);
        System.out.println("Chebyshev cpu vs opencl, " + c + ": " + d);
        assertTrue(d < 1e-12, c + ": cpu and opencl differ by " + d);
    }

    /** A buffer stepped beside psi (alsoStep, as the current correlation's phi) gets the closed form too. */
    @Test
    void aCompanionBufferIsSteppedExactlyToo() {
        ComplexField psi0 = new ComplexField(G2, Precision.DOUBLE), other = new ComplexField(G2, Precision.DOUBLE);
        double[] c0 = coherent2d(G2, 0), c2 = coherent2d(G2, 2.0), cT = coherent2d(G2, 3.0), c5 = coherent2d(G2, 5.0);
        for (int p = 0; p < G2.points(); p++) {
            psi0.set(p, c0[2 * p], c0[2 * p + 1]);
            other.set(p, c2[2 * p], c2[2 * p + 1]);
        }
        try (CpuBackend b = new CpuBackend(G2, Precision.DOUBLE, 1); Chebyshev ch = new Chebyshev(b, OSC, 0.75);
             io.psiflux.backend.DeviceBuffer phi = b.allocate()) {
            ch.reset(psi0, 0, 0);
            b.upload(other, phi);
            ch.alsoStep(phi);
            ch.advance(4);
            ComplexField got = new ComplexField(G2, Precision.DOUBLE), gotPhi = new ComplexField(G2, Precision.DOUBLE);
            b.download(ch.psi(), got);
            b.download(phi, gotPhi);
            assertTrue(distance(G2, cT, got) < 1e-10, "psi: " + distance(G2, cT, got));
            assertTrue(distance(G2, c5, gotPhi) < 1e-10, "companion: " + distance(G2, c5, gotPhi));
        }
    }

    @Test
    void refusesWhatItCannotExpand() {
        Grid g = Grid.of(new Axis(16, -4, 4));
        String[] why = new String[3];
        Hamiltonian[] hs = {
            Hamiltonian.builder().potential("x*sin(t)").build(),
            Hamiltonian.builder().nonlinearity(1).build(),
            Hamiltonian.builder().absorber(1, 1).build()};
        for (int i = 0; i < 3; i++) {
            Hamiltonian h = hs[i];
            try (CpuBackend b = new CpuBackend(g, Precision.DOUBLE, 1)) {
                why[i] = assertThrows(IllegalArgumentException.class, () -> new Chebyshev(b, h, 0.1)).getMessage();
            }
        }
        assertTrue(why[0].contains("depends on t"), why[0]);
        assertTrue(why[1].contains("psi"), why[1]);
        assertTrue(why[2].contains("absorber"), why[2]);
    }

    /**
     * Flux planes with the Chebyshev propagator: psi is exact at every step end, so what is left
     * in through_NAME is the time quadrature of the flux (trapezoid: second order). A free 1D
     * Gaussian (density width 1, k = 2, from x = -6) crossing x = 0 until t = 4: through_mid
     * against P(x > 0, t) - P(x > 0, 0) of the closed-form density, at dt = 0.4, 0.2, 0.1.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void fluxThroughAPlaneIsSecondOrderInDt(String backend) {
        Grid g = Grid.of(new Axis(1024, -40, 40));
        Hamiltonian h = Hamiltonian.builder().build();
        double x0 = -6, k = 2, sigma = 1, t = 4;
        InitialState start = InitialState.gaussian(new double[] {x0}, new double[] {sigma}, new double[] {k});
        double want = rightOf(x0 + k * t, sigma * Math.hypot(1, t / (2 * sigma * sigma))) - rightOf(x0, sigma);
        int[] n = {10, 20, 40};
        double[] err = new double[n.length];
        StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "%s: exact %.10f;", backend, want));
        for (int i = 0; i < n.length; i++) {
            try (Simulation sim = Simulation.builder(g, h).backend(backend).initial(start).dt(t / n[i]).method(Method.CHEBYSHEV)
                    .flux(new io.psiflux.observe.FluxPlane("mid", 0, 0.0, null)).build()) {
                sim.advance(n[i]);
                err[i] = Math.abs(sim.observe().extra("through_mid") - want);
                msg.append(String.format(Locale.ROOT, " dt %.2f: error %.3e", t / n[i], err[i]));
            }
        }
        System.out.println("Chebyshev flux, " + msg);
        for (int i = 1; i < n.length; i++) {
            double ratio = err[i - 1] / err[i];
            assertTrue(ratio > 3.4 && ratio < 4.6, "second order in dt (ratio " + ratio + "): " + msg);
        }
        assertTrue(err[n.length - 1] < 1e-3, msg.toString());
    }

    /**
     * P(x > 0) of a normal density of mean mu and standard deviation s: Simpson's rule on
     * [0, mu + 12 s] with 20000 intervals (error far below the flux errors measured).
     */
    static double rightOf(double mu, double s) {
        double hi = Math.max(mu + 12 * s, 1), sum = 0;
        int m = 20000;
        double dx = hi / m;
        for (int i = 0; i <= m; i++) {
            double x = i * dx, w = i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.exp(-(x - mu) * (x - mu) / (2 * s * s));
        }
        return sum * dx / 3 / (s * Math.sqrt(2 * Math.PI));
    }
}
