package io.psiflux.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;

/**
 * {@code potential.sampling = "cell"} against closed forms: the cell average of a polynomial, the
 * area and edges of a square barrier, and a time-dependent barrier whose edge moves through a cell.
 */
class CellSamplingTest {
    static final int M = Sampling.PER_AXIS[0];

    /**
     * The average of x^2 over [x_i - dx/2, x_i + dx/2] is x_i^2 + dx^2/12; the midpoint rule with
     * M sub-samples gives x_i^2 + dx^2 (1 - 1/M^2) / 12, and is exact for linear terms.
     */
    @Test
    void aParabolaAveragesToItsPointValuePlusDxSquaredOverTwelve() {
        Grid g = Grid.of(new Axis(40, -3, 5));
        double dx = g.axis(0).dx();
        RealField v = RealField.scalar(g, Precision.DOUBLE);
        Potential.expression("x^2 - 3*x + 2", "test", Sampling.CELL).sample(0, v);
        for (int i = 0; i < g.points(); i++) {
            double x = g.axis(0).x(i);
            assertEquals(x * x + dx * dx / 12 - 3 * x + 2, v.get(i), dx * dx / (12.0 * M * M) + 1e-13, "x = " + x);
            assertEquals(x * x + dx * dx * (1 - 1.0 / (M * M)) / 12 - 3 * x + 2, v.get(i), 1e-13, "midpoint rule, x = " + x);
        }
    }

    /**
     * V = 1 on |x| < 1 with x = +-1 on grid points: point sampling (step(0) = 1) gives a barrier
     * one cell wider, 2 + dx; the cell average gives the edge points 1/2 and the area exactly 2.
     */
    @Test
    void aSquareBarrierKeepsItsWidthAndItsEdgesHoldHalf() {
        Grid g = Grid.of(new Axis(160, -4, 4)); // dx = 0.05
        double dx = g.axis(0).dx();
        RealField point = RealField.scalar(g, Precision.DOUBLE), cell = RealField.scalar(g, Precision.DOUBLE);
        Potential.expression("step(1 - abs(x))", "test").sample(0, point);
        Potential.expression("step(1 - abs(x))", "test", Sampling.CELL).sample(0, cell);
        double areaPoint = 0, areaCell = 0;
        for (int i = 0; i < g.points(); i++) {
            areaPoint += point.get(i) * dx;
            areaCell += cell.get(i) * dx;
            double x = g.axis(0).x(i);
            if (Math.abs(Math.abs(x) - 1) < 1e-9) assertEquals(0.5, cell.get(i), 0.0, "edge point x = " + x);
        }
        assertEquals(2 + dx, areaPoint, 1e-12, "point sampling: one cell wider");
        assertEquals(2, areaCell, 1e-12, "cell sampling: the barrier's area");
    }

    /**
     * In 2D and 3D the average is over the cell's square or cube: a disc step(r0^2 - x^2 - y^2)
     * keeps its area pi r0^2 to the sub-sampling's resolution, and a product of linear factors
     * (exact under the midpoint rule) averages to its point value.
     */
    @Test
    void cellsAreSquaresAndCubesInHigherRanks() {
        Grid g2 = Grid.of(new Axis(64, -4, 4), new Axis(64, -4, 4));
        RealField disc = RealField.scalar(g2, Precision.DOUBLE);
        Potential.expression("step(2.3^2 - x^2 - y^2)", "test", Sampling.CELL).sample(0, disc);
        double area = 0;
        for (int i = 0; i < g2.points(); i++) area += disc.get(i) * g2.dV();
        // each boundary cell is placed to within its sub-cells: error <= perimeter * dx / (2 M)
        double dx = g2.axis(0).dx();
        assertEquals(Math.PI * 2.3 * 2.3, area, 2 * Math.PI * 2.3 * dx / (2 * Sampling.PER_AXIS[1]), "the disc's area");

        Grid g3 = Grid.of(new Axis(6, -1, 2), new Axis(5, 0, 1), new Axis(4, -2, 0));
        RealField v = RealField.scalar(g3, Precision.DOUBLE);
        Potential.expression("(1 + x) * (2 - y) * (3 + z)", "test", Sampling.CELL).sample(0, v);
        for (int p = 0; p < g3.points(); p++) {
            double x = g3.axis(0).x(g3.index(p, 0)), y = g3.axis(1).x(g3.index(p, 1)), z = g3.axis(2).x(g3.index(p, 2));
            assertEquals((1 + x) * (2 - y) * (3 + z), v.get(p), 1e-12, "point " + p);
        }
    }

    /**
     * A barrier edge moving with t: step(x - t) averaged over the cell of x_i is the fraction of
     * the cell right of t, clamp((x_i + dx/2 - t) / dx, 0, 1), to the sub-samples' resolution 1/M.
     */
    @Test
    void aTimeDependentEdgeIsAveragedAtEveryTime() {
        Grid g = Grid.of(new Axis(20, -1, 1));
        double dx = g.axis(0).dx();
        Potential p = Potential.expression("step(x - t)", "test", Sampling.CELL);
        RealField v = RealField.scalar(g, Precision.DOUBLE);
        for (double t : new double[] {-0.33, 0.0, 0.2137, 0.5}) {
            p.sample(t, v);
            for (int i = 0; i < g.points(); i++) {
                double x = g.axis(0).x(i);
                double exact = Math.max(0, Math.min(1, (x + dx / 2 - t) / dx));
                assertEquals(exact, v.get(i), 0.5 / M + 1e-12, "t = " + t + ", x = " + x);
            }
        }
    }
}
