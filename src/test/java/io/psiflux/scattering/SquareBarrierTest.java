package io.psiflux.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.Observation;
import io.psiflux.observe.ProbabilityBudget;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.physics.Sampling;
import io.psiflux.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's square barrier: V = 1 on |x| < 1, 8192 points on [-204.8, 204.8) (dx = 0.05, so
 * x = +-1 are grid points), a packet of sigma 10 from x = -90, flux planes at +-160, dt = 0.01,
 * the default (two-stage) absorber of width 30. With {@code potential.sampling = "cell"} the
 * barrier keeps its width 2 on the grid (the two edge points hold V = 1/2) and the flux planes
 * give T and R of the exact square barrier, averaged over the packet's momenta; with point
 * sampling step(0) = 1 makes it 41 points, 2.05 wide, and the run gives the 2.05 barrier's T.
 * Either way the budget closes: R + T = 1 with nothing left between the planes.
 */
class SquareBarrierTest {
    static final Grid GRID = Grid.of(new Axis(8192, -204.8, 204.8));
    static final double SIGMA = 10, X0 = -90, DT = 0.01;

    /** T, R, the budget's residual and P_between once P_between has fallen below 1e-6. */
    record Run(double t, double r, double residual, double between, long steps) {
    }

    static Run run(double energy, Sampling sampling, int order) {
        return run(GRID, DT, energy, sampling, order);
    }

    /** As {@link #run(double, Sampling, int)} on another grid of the same box, or another dt (the convergence tables). */
    static Run run(Grid grid, double dt, double energy, Sampling sampling, int order) {
        double p0 = Math.sqrt(2 * energy);
        Hamiltonian h = Hamiltonian.builder().potential(Potential.expression("step(1 - abs(x))", "test", sampling))
                .absorber(30, 1.0).build();
        try (Simulation sim = Simulation.builder(grid, h).backend(new CpuBackend(grid, Precision.DOUBLE)).order(order)
                .initial(InitialState.gaussian(new double[] {X0, 0, 0}, new double[] {SIGMA, 1, 1}, new double[] {p0, 0, 0}))
                .dt(dt).flux(new FluxPlane("left", 0, -160), new FluxPlane("right", 0, 160)).build()) {
            Observation o = sim.observe();
            // until the slowest reflected part (p0 - 5 sigma_p) has crossed the left plane
            int chunk = (int) Math.round(5 / dt);
            while (sim.time() < 600) {
                sim.advance(chunk);
                o = sim.observe();
                if (sim.time() > 100 && o.extra(ProbabilityBudget.BETWEEN) < 1e-6) break;
            }
            return new Run(o.extra("through_right"), -o.extra("through_left"), o.extra(ProbabilityBudget.RESIDUAL),
                    o.extra(ProbabilityBudget.BETWEEN), sim.step());
        }
    }

    /**
     * Issue 12's target: at dx = 0.05, R + T = 1 to 1e-4 and T within 1e-3 of the exact average.
     * The suite runs E = 1.5, where T is furthest from exact (+5.5e-4); E = 0.5 (+3.2e-5) and
     * E = 1.0 (+3.9e-4) take 34500 and 23000 steps of 8192 points, so they are measured by
     * {@link SquareBarrierTable} (numbers and command in docs/config.md, "Sampling the potential").
     */
    @ParameterizedTest(name = "E = {0}")
    @ValueSource(doubles = {1.5})
    void cellSamplingGivesTheExactTransmission(double energy) {
        Run r = run(energy, Sampling.CELL, 2);
        double exact = SquareBarrier.averaged(Math.sqrt(2 * energy), SIGMA, 1, 2, 1, 1);
        System.out.printf("square barrier, cell sampling, E = %.1f: T = %.6f (exact %.6f, %+.2e), R = %.6f, R + T - 1 = %.2e, "
                + "residual %.2e, P_between %.1e after %d steps%n", energy, r.t(), exact, r.t() - exact, r.r(), r.t() + r.r() - 1,
                r.residual(), r.between(), r.steps());
        assertEquals(1.0, r.t() + r.r(), 1e-4, "R + T");
        assertEquals(exact, r.t(), 1e-3, "T against the exact square barrier, averaged over the packet");
        assertEquals(0.0, r.residual(), 1e-4, "the budget's residual");
    }

    /**
     * Point sampling with step(0) = 1 puts V = 1 on the 41 points from -1 to 1: a barrier 2.05
     * wide. The run's T is that barrier's (and 1% off the width-2 barrier's at E = 1.5; 9% at E = 0.5).
     */
    @Test
    void pointSamplingSeesABarrierOneCellWider() {
        Run r = run(1.5, Sampling.POINT, 2);
        double p0 = Math.sqrt(3), wider = SquareBarrier.averaged(p0, SIGMA, 1, 2.05, 1, 1);
        double exact = SquareBarrier.averaged(p0, SIGMA, 1, 2, 1, 1);
        System.out.printf("square barrier, point sampling, E = 1.5: T = %.6f, exact for width 2.05 %.6f, for width 2 %.6f; "
                + "R + T - 1 = %.2e%n", r.t(), wider, exact, r.t() + r.r() - 1);
        assertEquals(wider, r.t(), 1e-3, "T of the 2.05-wide barrier");
        assertTrue(Math.abs(r.t() - exact) > 5e-3, "point sampling is not the width-2 barrier");
        assertEquals(1.0, r.t() + r.r(), 1e-4, "R + T");
    }

    /**
     * The closed form against a slow, obviously right oracle: the 2x2 transfer matrix of plane
     * waves across the barrier's two edges (continuity of psi and psi'), at energies below, at
     * and above the top.
     */
    @Test
    void theClosedFormAgreesWithATransferMatrix() {
        for (double e : new double[] {0.2, 0.5, 0.999999, 1.000001, 1.5, 3.0, 10.0}) {
            double p = Math.sqrt(2 * e);
            double closed = SquareBarrier.transmission(p, 1, 2, 1, 1);
            double matrix = TransferMatrix.transmission(e, 1, 2);
            assertEquals(matrix, closed, 1e-6 * Math.max(matrix, 1e-3), "E = " + e);
        }
        assertEquals(1 / (1 + 2.0), SquareBarrier.transmission(Math.sqrt(2), 1, 2, 1, 1), 1e-14, "E = V0: 1/(1 + m a^2 V0 / 2 hbar^2)");
    }

    /** Plane waves e^{+-iqx} region by region (hbar = m = 1), matched at x = -a/2 and a/2. */
    static final class TransferMatrix {
        /** Complex numbers as {re, im}. */
        static double[] c(double re, double im) {
            return new double[] {re, im};
        }

        static double[] mul(double[] a, double[] b) {
            return c(a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]);
        }

        static double[] div(double[] a, double[] b) {
            double d = b[0] * b[0] + b[1] * b[1];
            return c((a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d);
        }

        static double[] add(double[] a, double[] b) {
            return c(a[0] + b[0], a[1] + b[1]);
        }

        static double[] exp(double[] z) {
            double m = Math.exp(z[0]);
            return c(m * Math.cos(z[1]), m * Math.sin(z[1]));
        }

        /**
         * M maps (A, B) of psi = A e^{iqx} + B e^{-iqx} left of a point x0 to (C, D) of the
         * region to its right with wavenumber q2, by continuity of psi and psi' at x0.
         */
        static double[][][] step(double[] q1, double[] q2, double x0) {
            double[][][] m = new double[2][2][];
            double[] r = div(q1, q2);
            for (int s1 = 0; s1 < 2; s1++) {
                for (int s2 = 0; s2 < 2; s2++) {
                    double sign1 = s1 == 0 ? 1 : -1, sign2 = s2 == 0 ? 1 : -1;
                    // C = (1 + q1/q2)/2 e^{i(q1-q2)x0} A + (1 - q1/q2)/2 e^{-i(q1+q2)x0} B, and D alike
                    double[] f = add(c(0.5, 0), mul(c(0.5 * sign1 * sign2, 0), r));
                    double[] phase = exp(mul(c(0, x0), add(mul(c(sign1, 0), q1), mul(c(-sign2, 0), q2))));
                    m[s2][s1] = mul(f, phase);
                }
            }
            return m;
        }

        static double[][][] product(double[][][] a, double[][][] b) {
            double[][][] m = new double[2][2][];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) m[i][j] = add(mul(a[i][0], b[0][j]), mul(a[i][1], b[1][j]));
            }
            return m;
        }

        /** |C|^2 for A = 1 and D = 0 (nothing coming from the right): the transmission. */
        static double transmission(double e, double v0, double a) {
            double[] q = c(Math.sqrt(2 * e), 0);
            double inside = 2 * (e - v0);
            double[] qb = inside >= 0 ? c(Math.sqrt(inside), 0) : c(0, Math.sqrt(-inside));
            double[][][] m = product(step(qb, q, a / 2), step(q, qb, -a / 2));
            // (C, 0) = M (1, B): B = -M10 / M11, C = M00 + M01 B
            double[] b = div(mul(c(-1, 0), m[1][0]), m[1][1]);
            double[] t = add(m[0][0], mul(m[0][1], b));
            return t[0] * t[0] + t[1] * t[1];
        }
    }
}
