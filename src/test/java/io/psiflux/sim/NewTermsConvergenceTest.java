package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.NaiveDft;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.MagneticField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The magnetic, rotation and Gross-Pitaevskii terms against a slow, independent reference: a
 * fourth-order Runge-Kutta integration of i hbar psi_t = H psi with H written out from its
 * textbook form, (p - qA)^2 / 2m = -hbar^2 lap / 2m + (i hbar q / m) A.grad + q^2 A^2 / 2m
 * (Coulomb gauge), -Omega L_z = i hbar Omega (x d_y - y d_x), + V + g |psi|^2, every derivative a
 * naive spectral one, with a step small enough that its own error is negligible. The split
 * operator (order 2) must converge to it at second order in dt, on every backend: halving dt
 * divides the error by about 4. hbar, m and q are not 1, so a misplaced constant shows.
 */
class NewTermsConvergenceTest {
    static final double HBAR = 0.9, MASS = 1.3, CHARGE = -0.8;

    record Case(String name, Grid grid, Hamiltonian h, double[] b, boolean symmetric, double omega, double g) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Hamiltonian.Builder base(int rank) {
        String v = rank == 2 ? "0.5*(x^2 + 1.2*y^2)" : "0.5*(x^2 + 1.2*y^2 + 0.8*z^2)";
        return Hamiltonian.builder().hbar(HBAR).mass(MASS).charge(CHARGE).potential(v);
    }

    static Stream<Arguments> cases() {
        Grid g2 = Grid.of(new Axis(24, -6, 6), new Axis(24, -6, 6));
        Grid g3 = Grid.of(new Axis(14, -5.5, 5.5), new Axis(14, -5.5, 5.5), new Axis(14, -5.5, 5.5));
        double[] bz = {0, 0, 1.1}, bAny = {0.3, -0.4, 0.9};
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("2D field, symmetric gauge", g2, base(2).magnetic(bz, MagneticField.Gauge.SYMMETRIC).build(), bz, true, 0, 0));
        cs.add(new Case("2D field, Landau gauge", g2, base(2).magnetic(bz, MagneticField.Gauge.LANDAU).build(), bz, false, 0, 0));
        cs.add(new Case("2D rotation", g2, base(2).rotation(0.35).build(), null, true, 0.35, 0));
        cs.add(new Case("2D nonlinear", g2, base(2).nonlinearity(2.5).build(), null, true, 0, 2.5));
        cs.add(new Case("2D field, rotation and nonlinear", g2,
                base(2).magnetic(bz, MagneticField.Gauge.SYMMETRIC).rotation(-0.25).nonlinearity(-1.5).build(), bz, true, -0.25, -1.5));
        cs.add(new Case("3D oblique field and rotation", g3,
                base(3).magnetic(bAny, MagneticField.Gauge.SYMMETRIC).rotation(0.2).build(), bAny, true, 0.2, 0));
        List<Arguments> out = new ArrayList<>();
        for (String backend : new String[] {"cpu", "opencl"}) for (Case c : cs) out.add(Arguments.of(backend, c));
        return out.stream();
    }

    /** A (A = B x r / 2, or the Landau (-B y, 0, 0)) at every point: 3 components per point. */
    static double[] vectorPotential(Case c) {
        Grid g = c.grid;
        double[] a = new double[3 * g.points()];
        if (c.b == null) return a;
        for (int p = 0; p < g.points(); p++) {
            double[] r = new double[3];
            for (int d = 0; d < g.rank(); d++) r[d] = g.axis(d).x(g.index(p, d));
            if (c.symmetric) {
                a[3 * p] = (c.b[1] * r[2] - c.b[2] * r[1]) / 2;
                a[3 * p + 1] = (c.b[2] * r[0] - c.b[0] * r[2]) / 2;
                a[3 * p + 2] = (c.b[0] * r[1] - c.b[1] * r[0]) / 2;
            } else {
                a[3 * p] = -c.b[2] * r[1];
            }
        }
        return a;
    }

    /** d^2/dx_d^2, spectral: -k^2 in every bin, the Nyquist bin included (as the kinetic step). */
    static double[] second(Grid g, double[] psi, int d) {
        double[] b = psi.clone();
        NaiveDft.transformAxis(g, b, d, false);
        for (int p = 0; p < g.points(); p++) {
            double k = g.axis(d).k(g.index(p, d));
            b[2 * p] *= -k * k;
            b[2 * p + 1] *= -k * k;
        }
        NaiveDft.transformAxis(g, b, d, true);
        return b;
    }

    /** -(i / hbar) H psi, H from its textbook form (see the class comment). */
    static double[] rhs(Case c, double[] v, double[] a, double[] psi) {
        Grid g = c.grid;
        int n = g.points(), r = g.rank();
        double[] h = new double[2 * n];
        double[][] grad = new double[r][];
        for (int d = 0; d < r; d++) {
            grad[d] = NaiveDft.derivative(g, psi, d);
            double[] lap = second(g, psi, d);
            for (int i = 0; i < 2 * n; i++) h[i] += -HBAR * HBAR / (2 * MASS) * lap[i];
        }
        for (int p = 0; p < n; p++) {
            double re = psi[2 * p], im = psi[2 * p + 1];
            // (i hbar q / m) A.grad psi
            double ar = 0, ai = 0, a2 = 0;
            for (int d = 0; d < r; d++) {
                ar += a[3 * p + d] * grad[d][2 * p];
                ai += a[3 * p + d] * grad[d][2 * p + 1];
            }
            for (int d = 0; d < 3; d++) a2 += a[3 * p + d] * a[3 * p + d];
            double f = HBAR * CHARGE / MASS;
            h[2 * p] += -f * ai;
            h[2 * p + 1] += f * ar;
            double scalar = CHARGE * CHARGE * a2 / (2 * MASS) + v[p] + c.g * (re * re + im * im);
            h[2 * p] += scalar * re;
            h[2 * p + 1] += scalar * im;
            if (c.omega != 0) {
                double x = g.axis(0).x(g.index(p, 0)), y = g.axis(1).x(g.index(p, 1));
                double lr = x * grad[1][2 * p] - y * grad[0][2 * p], li = x * grad[1][2 * p + 1] - y * grad[0][2 * p + 1];
                h[2 * p] += -HBAR * c.omega * li;
                h[2 * p + 1] += HBAR * c.omega * lr;
            }
        }
        double[] out = new double[2 * n];
        for (int p = 0; p < n; p++) {
            out[2 * p] = h[2 * p + 1] / HBAR;
            out[2 * p + 1] = -h[2 * p] / HBAR;
        }
        return out;
    }

    static double[] rk4(Case c, double[] psi0, double t, int steps) {
        Grid g = c.grid;
        double[] v = new double[g.points()], a = vectorPotential(c);
        io.psiflux.field.RealField vf = io.psiflux.field.RealField.scalar(g, Precision.DOUBLE);
        c.h.sampleV(0, vf);
        for (int p = 0; p < v.length; p++) v[p] = vf.get(p);
        double dt = t / steps;
        double[] y = psi0.clone();
        int m = y.length;
        for (int s = 0; s < steps; s++) {
            double[] k1 = rhs(c, v, a, y);
            double[] y2 = new double[m], y3 = new double[m], y4 = new double[m];
            for (int i = 0; i < m; i++) y2[i] = y[i] + dt / 2 * k1[i];
            double[] k2 = rhs(c, v, a, y2);
            for (int i = 0; i < m; i++) y3[i] = y[i] + dt / 2 * k2[i];
            double[] k3 = rhs(c, v, a, y3);
            for (int i = 0; i < m; i++) y4[i] = y[i] + dt * k3[i];
            double[] k4 = rhs(c, v, a, y4);
            for (int i = 0; i < m; i++) y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return y;
    }

    /** The reference of each case, computed once for both backends. */
    static final java.util.Map<String, double[]> REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();

    static double distance(Grid g, double[] a, ComplexField b) {
        double s = 0;
        for (int p = 0; p < g.points(); p++) {
            double dr = a[2 * p] - b.re(p), di = a[2 * p + 1] - b.im(p);
            s += dr * dr + di * di;
        }
        return Math.sqrt(s * g.dV());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void theSplitStepConvergesAtSecondOrderToTheTextbookHamiltonian(String backend, Case c) throws Exception {
        Grid g = c.grid;
        double t = 0.8;
        ComplexField psi0 = start(g);
        double[] ref = REFERENCES.computeIfAbsent(c.name, n -> rk4(c, psi0.doubles().clone(), t, 1600));
        int[] steps = {8, 16, 32};
        double[] err = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            try (Simulation sim = Simulation.builder(g, c.h).backend(backend).initial(psi0).dt(t / steps[i]).build()) {
                sim.advance(steps[i]);
                err[i] = distance(g, ref, sim.psi());
            }
        }
        double without;
        try (Simulation sim = Simulation.builder(g, base(g.rank()).build()).backend(backend).initial(psi0).dt(t / 32).build()) {
            sim.advance(32);
            without = distance(g, ref, sim.psi());
        }
        String msg = String.format(Locale.ROOT, "%s on %s: errors %.3e %.3e %.3e; without the new terms %.3e",
                c, backend, err[0], err[1], err[2], without);
        System.out.println(msg);
        assertTrue(without > 100 * err[2], "the new terms must matter: " + msg);
        for (int i = 1; i < steps.length; i++) {
            double ratio = err[i - 1] / err[i];
            assertTrue(ratio > 3.4 && ratio < 4.6, "second order (ratio " + ratio + "): " + msg);
        }
        assertTrue(err[2] < 2e-2, msg);
    }

    static Stream<Arguments> combined() {
        List<Arguments> out = new ArrayList<>();
        List<Case> chosen = cases().filter(a -> a.get()[0].equals("cpu")).map(a -> (Case) a.get()[1])
                .filter(c -> c.name.startsWith("2D field, rotation") || c.name.startsWith("3D")).toList();
        for (String backend : new String[] {"cpu", "opencl"}) for (Case c : chosen) out.add(Arguments.of(backend, c));
        return out.stream();
    }

    /** The triple jump of these split steps is fourth order: halving dt divides the error by about 16. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("combined")
    void theTripleJumpIsFourthOrder(String backend, Case c) throws Exception {
        Grid g = c.grid;
        double t = 0.8;
        ComplexField psi0 = start(g);
        double[] ref = REFERENCES.computeIfAbsent(c.name, n -> rk4(c, psi0.doubles().clone(), t, 1600));
        int[] steps = {4, 8};
        double[] err = new double[2];
        for (int i = 0; i < 2; i++) {
            try (Simulation sim = Simulation.builder(g, c.h).backend(backend).initial(psi0).dt(t / steps[i]).order(4).build()) {
                sim.advance(steps[i]);
                err[i] = distance(g, ref, sim.psi());
            }
        }
        double ratio = err[0] / err[1];
        assertTrue(ratio > 12 && ratio < 20, String.format(Locale.ROOT, "%s on %s, order 4: errors %.3e %.3e, ratio %.2f", c, backend,
                err[0], err[1], ratio));
    }

    /** Single precision follows double to its own round-off (relative 1e-5 over the run). */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("combined")
    void singlePrecisionFollowsDouble(String backend, Case c) throws Exception {
        Grid g = c.grid;
        ComplexField psi0 = start(g);
        ComplexField[] end = new ComplexField[2];
        Precision[] ps = {Precision.DOUBLE, Precision.SINGLE};
        for (int i = 0; i < 2; i++) {
            try (Simulation sim = Simulation.builder(g, c.h).backend(backend).precision(ps[i]).initial(psi0).dt(0.025).build()) {
                sim.advance(32);
                end[i] = sim.psi();
            }
        }
        double diff = distance(g, end[0].doubles(), end[1].to(Precision.DOUBLE));
        assertTrue(diff < 1e-5, String.format(Locale.ROOT, "%s on %s: single differs from double by %.3e", c, backend, diff));
    }

    static ComplexField start(Grid g) {
        double[] center = g.rank() == 2 ? new double[] {0.9, -0.6} : new double[] {0.9, -0.6, 0.4};
        double[] sigma = g.rank() == 2 ? new double[] {0.75, 0.85} : new double[] {0.8, 0.85, 0.9};
        double[] p0 = g.rank() == 2 ? new double[] {0.6, -0.4} : new double[] {0.6, -0.4, 0.3};
        return InitialState.gaussian(center, sigma, p0).create(g, Precision.DOUBLE, HBAR);
    }
}
