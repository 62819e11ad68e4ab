package io.psiflux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.psiflux.field.Complex;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test oracles checked against closed forms, so the contract's references are not taken on trust. */
class OracleTest {
    private static final double TOL = 1e-12;

    @Test
    void dftOfADeltaIsAPhaseRamp() {
        for (int n : new int[] {7, 8, 12}) {
            Grid g = Grid.of(new Axis(n, 0, 1));
            int j0 = 3;
            double[] a = new double[2 * n];
            a[2 * j0] = 1;
            NaiveDft.transform(g, a, false);
            for (int m = 0; m < n; m++) {
                double ph = -2 * Math.PI * j0 * m / n;
                assertEquals(Math.cos(ph), a[2 * m], TOL, "n " + n + " bin " + m);
                assertEquals(Math.sin(ph), a[2 * m + 1], TOL, "n " + n + " bin " + m);
            }
        }
    }

    @Test
    void latticePlaneWavesLandInTheirAxisKBin() {
        Grid g = Grid.of(new Axis(9, -1, 2), new Axis(10, 0.5, 3));
        int b0 = 7, b1 = 6; // negative frequencies -2 and -4
        double[] a = new double[2 * g.points()];
        for (int p = 0; p < g.points(); p++) {
            double ph = g.axis(0).k(b0) * (g.axis(0).x(g.index(p, 0)) - g.axis(0).min())
                    + g.axis(1).k(b1) * (g.axis(1).x(g.index(p, 1)) - g.axis(1).min());
            a[2 * p] = Math.cos(ph);
            a[2 * p + 1] = Math.sin(ph);
        }
        NaiveDft.transform(g, a, false);
        int target = b0 * g.stride(0) + b1;
        for (int p = 0; p < g.points(); p++) {
            assertEquals(p == target ? g.points() : 0.0, a[2 * p], 1e-11, "re at " + p);
            assertEquals(0.0, a[2 * p + 1], 1e-11, "im at " + p);
        }
    }

    @Test
    void inverseUndoesForwardAndParsevalHolds() {
        Grid g = Grid.of(new Axis(4, 0, 1), new Axis(6, 0, 1), new Axis(5, 0, 1));
        Random r = new Random(1);
        double[] x = new double[2 * g.points()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        double[] y = x.clone();
        NaiveDft.transform(g, y, false);
        double ex = 0, ey = 0;
        for (int i = 0; i < x.length; i++) {
            ex += x[i] * x[i];
            ey += y[i] * y[i];
        }
        assertEquals(g.points() * ex, ey, TOL * ey, "sum |X|^2 = N sum |x|^2");
        NaiveDft.transform(g, y, true);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], TOL, "round trip at " + i);
    }

    @Test
    void spectralDerivativeIsExactForLatticeSines() {
        Grid g = Grid.of(new Axis(12, -3, 3), new Axis(8, 0, 4));
        double k = g.axis(1).k(3);
        double[] f = new double[g.points()];
        for (int p = 0; p < g.points(); p++) f[p] = Math.sin(k * g.axis(1).x(g.index(p, 1)));
        double[] df = NaiveDft.derivativeOfReal(g, f, 1);
        double[] dx = NaiveDft.derivativeOfReal(g, f, 0);
        for (int p = 0; p < g.points(); p++) {
            assertEquals(k * Math.cos(k * g.axis(1).x(g.index(p, 1))), df[p], TOL, "d/dy sin(ky)");
            assertEquals(0.0, dx[p], TOL, "d/dx of a function of y");
        }
    }

    /** With V = 0 the reference step is exact in time: it must reproduce the analytic free Gaussian. */
    @Test
    void referenceStepperReproducesTheFreeGaussian() {
        double hbar = 0.8, mass = 1.25, t = 2;
        Grid g = Grid.of(new Axis(48, -12, 12), new Axis(48, -12, 12)); // tails below e^-22 (see the contract)
        double[] c = {-0.6, 0.4}, s = {1.0, 1.0}, k0 = {1.0, -0.8};
        double[] psi = ClosedForms.freeGaussian(g, 0, c, s, k0, hbar, mass);
        new ReferenceStepper(g, hbar, mass, null, null).strang(psi, Complex.real(t / 4), 4);
        double[] exact = ClosedForms.freeGaussian(g, t, c, s, k0, hbar, mass);
        for (int i = 0; i < psi.length; i++) assertEquals(exact[i], psi[i], 1e-8, "component " + i);
    }

    /** The real potential step is a pure phase and the absorber damps |psi|^2 by exp(-2 W dt / hbar). */
    @Test
    void referencePotentialStepIsAPhaseTimesTheAbsorberDamping() {
        Grid g = Grid.of(new Axis(5, 0, 1));
        double hbar = 0.5, dt = 0.3;
        double[] v = {1, -2, 0.5, 3, 0}, w = {0, 0.1, 0.2, 0.3, 0.4};
        double[] psi = {1, 0, 0, 1, 0.6, 0.8, -1, 0, 0, -1};
        new ReferenceStepper(g, hbar, 1, v, w).potential(psi, Complex.real(dt));
        for (int p = 0; p < 5; p++) {
            double r2 = psi[2 * p] * psi[2 * p] + psi[2 * p + 1] * psi[2 * p + 1];
            assertEquals(Math.exp(-2 * w[p] * dt / hbar), r2, TOL, "damping at " + p);
        }
    }
}
