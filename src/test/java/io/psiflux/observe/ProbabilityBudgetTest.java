package io.psiflux.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget's P_between weights against exact integrals, and which planes make a slab. */
class ProbabilityBudgetTest {

    /** The weights integrate every trigonometric polynomial the grid holds exactly between the planes. */
    @Test
    void theWeightsIntegrateGridFourierModesExactly() {
        for (int n : new int[] {64, 65}) {
            double min = -3, length = 8, dx = length / n;
            int lo = 9, hi = 41;
            double[] w = ProbabilityBudget.weights(n, dx, lo, hi);
            double a = min + lo * dx, b = min + hi * dx;
            for (int m = 0; m < n / 2; m++) {
                double k = 2 * Math.PI * m / length;
                double cosSum = 0, sinSum = 0;
                for (int j = 0; j < n; j++) {
                    double x = min + j * dx;
                    cosSum += w[j] * Math.cos(k * x);
                    sinSum += w[j] * Math.sin(k * x);
                }
                double cosExact = m == 0 ? b - a : (Math.sin(k * b) - Math.sin(k * a)) / k;
                double sinExact = m == 0 ? 0 : -(Math.cos(k * b) - Math.cos(k * a)) / k;
                assertEquals(cosExact, cosSum, 1e-12, "n = " + n + ", cos mode " + m);
                assertEquals(sinExact, sinSum, 1e-12, "n = " + n + ", sin mode " + m);
            }
        }
    }

    /**
     * A resolved Gaussian density (sigma 0.7 on dx = 0.125) between planes at -1 and 2.5: the
     * exact integral (erf), where the trapezoid rule would be off by dx^2 / 12 (rho'(b) - rho'(a)).
     */
    @Test
    void aResolvedGaussianGivesItsExactProbabilityBetweenThePlanes() {
        Grid g = Grid.of(new Axis(128, -8, 8), new Axis(4, 0, 1));
        ProbabilityBudget budget = ProbabilityBudget.of(g, List.of(new FluxPlane("l", 0, -1), new FluxPlane("r", 0, 2.5)));
        io.psiflux.field.RealField rho = io.psiflux.field.RealField.scalar(g, io.psiflux.field.Precision.DOUBLE);
        double s = 0.7, c = 0.4;
        for (int p = 0; p < g.points(); p++) {
            double x = g.axis(0).x(g.index(p, 0));
            rho.set(p, Math.exp(-0.5 * (x - c) * (x - c) / (s * s)) / (s * Math.sqrt(2 * Math.PI))); // per unit length in y, whose extent is 1
        }
        double exact = 0.5 * (erf((2.5 - c) / (s * Math.sqrt(2))) - erf((-1 - c) / (s * Math.sqrt(2))));
        assertEquals(exact, budget.between(rho), 1e-12);
    }

    @Test
    void onePlaneOrOnePlanePerAxisBoundsNoSlab() {
        Grid g = Grid.of(new Axis(16, -1, 1), new Axis(16, -1, 1));
        assertNull(ProbabilityBudget.of(g, List.of(new FluxPlane("a", 0, 0.2))));
        assertNull(ProbabilityBudget.of(g, List.of(new FluxPlane("a", 0, 0.2), new FluxPlane("b", 1, 0.2))));
    }

    /** erf by its Maclaurin series, for |x| <= 3 (terms below 1e3, so round-off below 1e-13). */
    static double erf(double x) {
        if (Math.abs(x) > 3) throw new IllegalArgumentException("series used for |x| <= 3 only");
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
