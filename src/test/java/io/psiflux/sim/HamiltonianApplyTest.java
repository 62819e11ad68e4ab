package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.Backend;
import io.psiflux.backend.BackendFactory;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Energies;
import io.psiflux.backend.Fixtures;
import io.psiflux.backend.Table;
import io.psiflux.field.Complex;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.MagneticField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backends' H psi ({@link Backend#applyEnergies}) against the textbook Hamiltonian of
 * {@link NewTermsConvergenceTest} (-hbar^2 lap / 2m + (i hbar q / m) A.grad + q^2 A^2 / 2m + V
 * - Omega L_z, every derivative a naive DFT), on every backend, in double and single precision,
 * 1D to 3D, with and without a field or a rotation, on even and odd axes: equal to round-off.
 * Then the parts of the operator's contract: alpha, beta, the scale and shift, tables, and the
 * block operations (gram, combine) against their one-at-a-time definitions.
 */
class HamiltonianApplyTest {

    static List<NewTermsConvergenceTest.Case> cases() {
        Grid g1 = Grid.of(new Axis(48, -7, 7));
        Grid g2 = Grid.of(new Axis(24, -6, 6), new Axis(25, -6.5, 6));
        Grid g3 = Grid.of(new Axis(14, -5.5, 5.5), new Axis(15, -5.5, 5.5), new Axis(12, -5, 5.5));
        double[] bz = {0, 0, 1.1}, bAny = {0.3, -0.4, 0.9};
        Hamiltonian h1 = Hamiltonian.builder().hbar(NewTermsConvergenceTest.HBAR).mass(NewTermsConvergenceTest.MASS)
                .charge(NewTermsConvergenceTest.CHARGE).potential("0.5*x^2 + 0.3*sin(x)").build();
        List<NewTermsConvergenceTest.Case> cs = new ArrayList<>();
        cs.add(new NewTermsConvergenceTest.Case("1D", g1, h1, null, true, 0, 0));
        cs.add(new NewTermsConvergenceTest.Case("2D", g2, NewTermsConvergenceTest.base(2).build(), null, true, 0, 0));
        cs.add(new NewTermsConvergenceTest.Case("2D field, symmetric gauge", g2,
                NewTermsConvergenceTest.base(2).magnetic(bz, MagneticField.Gauge.SYMMETRIC).build(), bz, true, 0, 0));
        cs.add(new NewTermsConvergenceTest.Case("2D field, Landau gauge", g2,
                NewTermsConvergenceTest.base(2).magnetic(bz, MagneticField.Gauge.LANDAU).build(), bz, false, 0, 0));
        cs.add(new NewTermsConvergenceTest.Case("2D rotation", g2, NewTermsConvergenceTest.base(2).rotation(0.35).build(), null, true,
                0.35, 0));
        cs.add(new NewTermsConvergenceTest.Case("3D", g3, NewTermsConvergenceTest.base(3).build(), null, true, 0, 0));
        cs.add(new NewTermsConvergenceTest.Case("3D oblique field and rotation", g3,
                NewTermsConvergenceTest.base(3).magnetic(bAny, MagneticField.Gauge.SYMMETRIC).rotation(0.2).build(), bAny, true, 0.2, 0));
        return cs;
    }

    static Stream<Arguments> everything() {
        List<Arguments> out = new ArrayList<>();
        for (BackendFactory f : BackendFactory.withSplitAxes()) {
            for (Precision p : Precision.values()) for (NewTermsConvergenceTest.Case c : cases()) out.add(Arguments.of(f, p, c));
        }
        return out.stream();
    }

    /** H psi from the textbook form: i hbar times the right-hand side -(i / hbar) H psi. */
    static double[] textbook(NewTermsConvergenceTest.Case c, double[] psi) {
        Grid g = c.grid();
        RealField vf = RealField.scalar(g, Precision.DOUBLE);
        c.h().sampleV(0, vf);
        double[] v = new double[g.points()];
        for (int p = 0; p < v.length; p++) v[p] = vf.get(p);
        double[] r = NewTermsConvergenceTest.rhs(c, v, NewTermsConvergenceTest.vectorPotential(c), psi);
        double hb = NewTermsConvergenceTest.HBAR;
        double[] h = new double[r.length];
        for (int p = 0; p < r.length / 2; p++) {
            h[2 * p] = -hb * r[2 * p + 1];
            h[2 * p + 1] = hb * r[2 * p];
        }
        return h;
    }

    static double norm(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    /** A smooth state with some noise on every frequency (Nyquist included), so every table entry counts. */
    static double[] state(Grid g) {
        double[] smooth = NewTermsConvergenceTest.start(g).doubles().clone(), noise = Fixtures.randomComplex(g, 11);
        for (int i = 0; i < smooth.length; i++) smooth[i] += 0.05 * noise[i];
        return smooth;
    }

    static double tolerance(Precision p) {
        return p == Precision.DOUBLE ? 1e-13 : 1e-6;
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("everything")
    void hPsiIsTheTextbookHamiltonianToRoundOff(BackendFactory f, Precision precision, NewTermsConvergenceTest.Case c) {
        Grid g = c.grid();
        try (Backend b = f.open(g, precision)) {
            DeviceBuffer psi = b.allocate(), out = b.allocate();
            double[] stored = Fixtures.stored(b, psi, state(g));
            RealField v = RealField.scalar(g, Precision.DOUBLE);
            c.h().sampleV(0, v);
            b.setPotential(v, null);
            try (Energies e = b.prepareEnergies(c.h(), 1, 0)) {
                b.applyEnergies(e, psi, out, 1, 0);
            }
            double[] got = Fixtures.download(b, out), want = textbook(c, stored);
            double rel = distance(got, want) / norm(want);
            String msg = String.format(Locale.ROOT, "%s on %s %s: |H psi - textbook| / |textbook| = %.2e", c, f, precision, rel);
            System.out.println(msg);
            assertTrue(rel < tolerance(precision), msg);
            // the field and the rotation matter far beyond that: without them H psi is another vector
            if (c.b() != null || c.omega() != 0) {
                double[] plain = textbook(new NewTermsConvergenceTest.Case("plain", g,
                        NewTermsConvergenceTest.base(g.rank()).build(), null, true, 0, 0), stored);
                assertTrue(distance(plain, want) / norm(want) > 1e-2, "the new terms must matter: " + msg);
            }
            // the Hamiltonian's kinetic range bounds <psi|T|psi> / <psi|psi> of any state: here a check of its sign conventions
            double[] range = c.h().kineticRange(g);
            double[] t = textbook(new NewTermsConvergenceTest.Case("kinetic", g, kineticOnly(c.h()), c.b(), c.symmetric(), c.omega(), 0), stored);
            double num = 0, den = 0;
            for (int i = 0; i < t.length; i += 2) {
                num += stored[i] * t[i] + stored[i + 1] * t[i + 1];
                den += stored[i] * stored[i] + stored[i + 1] * stored[i + 1];
            }
            assertTrue(num / den >= range[0] - 1e-9 && num / den <= range[1] + 1e-9, "kinetic range " + range[0] + " .. " + range[1]
                    + " holds <T> = " + num / den);
        }
    }

    static Hamiltonian kineticOnly(Hamiltonian h) {
        return new Hamiltonian(h.hbar(), h.mass(), null, null, h.charge(), h.magnetic(), h.rotation(), 0);
    }

    /** alpha, beta, scale and shift: out = alpha s (H - c) psi + beta out, against alpha s (H psi - c psi) + beta out0. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.psiflux.backend.BackendFactory#all")
    void alphaBetaScaleAndShift(BackendFactory f) {
        NewTermsConvergenceTest.Case c = cases().get(2);
        Grid g = c.grid();
        try (Backend b = f.open(g, Precision.DOUBLE)) {
            DeviceBuffer psi = b.allocate(), out = b.allocate();
            double[] p0 = Fixtures.stored(b, psi, state(g)), o0 = Fixtures.stored(b, out, Fixtures.randomComplex(g, 5));
            RealField v = RealField.scalar(g, Precision.DOUBLE);
            c.h().sampleV(0, v);
            b.setPotential(v, null);
            double alpha = 2, beta = -1, s = 0.37, shift = 1.7;
            try (Energies e = b.prepareEnergies(c.h(), s, shift)) {
                b.applyEnergies(e, psi, out, alpha, beta);
            }
            double[] h = textbook(c, p0), want = new double[h.length];
            for (int i = 0; i < h.length; i++) want[i] = alpha * s * (h[i] - shift * p0[i]) + beta * o0[i];
            double rel = distance(Fixtures.download(b, out), want) / norm(want);
            assertTrue(rel < 1e-13, "alpha s (H - c) psi + beta out: " + rel);
        }
    }

    /** multiply, gram and combine against the host and against inner and axpy. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockCases")
    void tablesGramAndCombine(BackendFactory f, Precision precision) {
        Grid g = Grid.of(new Axis(20, -3, 3), new Axis(9, -2, 2));
        double tol = precision == Precision.DOUBLE ? 1e-13 : 2e-6;
        try (Backend b = f.open(g, precision)) {
            int na = 4, nb = 3;
            List<DeviceBuffer> a = new ArrayList<>(), bb = new ArrayList<>();
            double[][] av = new double[na][], bv = new double[nb][];
            for (int i = 0; i < na; i++) {
                a.add(b.allocate());
                av[i] = Fixtures.stored(b, a.get(i), Fixtures.randomComplex(g, 100 + i));
            }
            for (int j = 0; j < nb; j++) {
                bb.add(b.allocate());
                bv[j] = Fixtures.stored(b, bb.get(j), Fixtures.randomComplex(g, 200 + j));
            }
            Complex[][] ab = b.gram(a, bb), aa = b.gram(a, a);
            for (int i = 0; i < na; i++) {
                for (int j = 0; j < nb; j++) assertClose(hostInner(g, av[i], bv[j]), ab[i][j], tol * g.points() * g.dV(), "gram(a, b)");
                for (int j = 0; j < na; j++) assertClose(hostInner(g, av[i], av[j]), aa[i][j], tol * g.points() * g.dV(), "gram(a, a)");
            }
            Random r = new Random(3);
            Complex[][] coef = new Complex[na][nb];
            for (int i = 0; i < na; i++) for (int j = 0; j < nb; j++) coef[i][j] = new Complex(r.nextGaussian(), r.nextGaussian());
            b.combine(a, coef, bb);
            for (int j = 0; j < nb; j++) {
                double[] want = new double[2 * g.points()];
                for (int i = 0; i < na; i++) {
                    for (int p = 0; p < g.points(); p++) {
                        want[2 * p] += coef[i][j].re() * av[i][2 * p] - coef[i][j].im() * av[i][2 * p + 1];
                        want[2 * p + 1] += coef[i][j].re() * av[i][2 * p + 1] + coef[i][j].im() * av[i][2 * p];
                    }
                }
                assertTrue(distance(Fixtures.download(b, bb.get(j)), want) / norm(want) < tol, "combine, output " + j);
            }
            double[] t = new double[g.points()];
            for (int p = 0; p < t.length; p++) t[p] = 0.5 + r.nextDouble();
            try (Table table = b.prepareTable(Fixtures.scalar(g, t))) {
                b.multiply(a.get(0), table);
            }
            double[] got = Fixtures.download(b, a.get(0));
            for (int p = 0; p < t.length; p++) {
                assertEquals(av[0][2 * p] * t[p], got[2 * p], tol * 4);
                assertEquals(av[0][2 * p + 1] * t[p], got[2 * p + 1], tol * 4);
            }
        }
    }

    static Stream<Arguments> blockCases() {
        List<Arguments> out = new ArrayList<>();
        for (BackendFactory f : BackendFactory.all()) for (Precision p : Precision.values()) out.add(Arguments.of(f, p));
        return out.stream();
    }

    static Complex hostInner(Grid g, double[] x, double[] y) {
        double re = 0, im = 0;
        for (int p = 0; p < g.points(); p++) {
            re += x[2 * p] * y[2 * p] + x[2 * p + 1] * y[2 * p + 1];
            im += x[2 * p] * y[2 * p + 1] - x[2 * p + 1] * y[2 * p];
        }
        return new Complex(re * g.dV(), im * g.dV());
    }

    static void assertClose(Complex want, Complex got, double tol, String what) {
        assertTrue(Math.abs(want.re() - got.re()) < tol && Math.abs(want.im() - got.im()) < tol, what + ": " + got + " vs " + want);
    }

    /** The kinetic range is exact without a field: [0, sum_d hbar^2 (pi / dx_d)^2 / 2m] on even axes. */
    @Test
    void kineticRangeWithoutAField() {
        Grid g = Grid.of(new Axis(16, -4, 4), new Axis(10, -2, 3));
        Hamiltonian h = Hamiltonian.builder().hbar(0.9).mass(1.3).build();
        double[] r = h.kineticRange(g);
        double want = 0;
        for (int d = 0; d < 2; d++) want += 0.81 * Math.pow(Math.PI / g.axis(d).dx(), 2) / 2.6;
        assertEquals(0, r[0], 1e-15);
        assertEquals(want, r[1], 1e-12 * want);
    }
}
