package io.psiflux.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.InitialState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The starting points of [trajectories]: drawn from |psi(0)|^2 (a grid cell with probability
 * |psi|^2 dV, uniform inside it), so the count in each cell is binomial about n |psi|^2 dV and
 * the moments are those of the Gaussian plus the cell's own dx^2 / 12; reproducible by seed; the
 * explicit points first, wrapped into the box.
 */
class StartingPointsTest {

    @Test
    void drawnPointsFollowTheDensityCellByCell() {
        Grid g = Grid.of(new Axis(64, -8, 8));
        double c = 1.3, s = 0.9;
        ComplexField psi = InitialState.gaussian(new double[] {c}, new double[] {s}, new double[] {2.0}).create(g, Precision.DOUBLE, 1);
        int n = 200_000;
        double[] x = Trajectories.startingPoints(g, psi, new TrajectorySpec(null, n, 5, 0));
        int[] counts = new int[g.points()];
        double dx = g.axis(0).dx(), mean = 0, var = 0;
        for (double v : x) {
            counts[(int) Math.floor((v - g.axis(0).min()) / dx + 0.5) % g.points()]++;
            mean += v / n;
        }
        for (double v : x) var += (v - mean) * (v - mean) / n;
        double worst = 0;
        for (int p = 0; p < g.points(); p++) {
            double prob = psi.abs2(p) * dx, se = Math.sqrt(n * prob * (1 - prob));
            if (prob > 1e-4) worst = Math.max(worst, Math.abs(counts[p] - n * prob) / se);
        }
        System.out.printf("largest cell deviation %.2f standard errors; mean %.4f, variance %.4f%n", worst, mean, var);
        assertTrue(worst < 5, "every cell within 5 standard errors: " + worst);
        assertEquals(c, mean, 5 * s / Math.sqrt(n), "the mean is the packet's centre");
        assertEquals(s * s + dx * dx / 12, var, 5 * s * s * Math.sqrt(2.0 / n), "sigma^2 plus a cell's own dx^2 / 12");
    }

    @Test
    void theSeedFixesTheDrawAndExplicitPointsComeFirstWrapped() {
        Grid g = Grid.of(new Axis(32, -4, 4), new Axis(32, -4, 4));
        ComplexField psi = InitialState.gaussian(new double[] {0, 0}, new double[] {1, 1}, new double[] {0, 0}).create(g, Precision.DOUBLE, 1);
        double[][] start = {{0.5, -1.0}, {5.0, -4.5}};
        double[] a = Trajectories.startingPoints(g, psi, new TrajectorySpec(start, 50, 9, 0));
        double[] b = Trajectories.startingPoints(g, psi, new TrajectorySpec(start, 50, 9, 0));
        double[] other = Trajectories.startingPoints(g, psi, new TrajectorySpec(start, 50, 10, 0));
        assertArrayEquals(a, b, "the same seed draws the same points");
        assertFalse(Arrays.equals(a, other), "another seed draws other points");
        assertArrayEquals(new double[] {0.5, -1.0, -3.0, 3.5}, Arrays.copyOf(a, 4), 1e-12, "explicit points first, wrapped into [-4, 4)");
        assertEquals(104, a.length);
    }
}
