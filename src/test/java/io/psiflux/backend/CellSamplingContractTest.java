package io.psiflux.backend;

import static io.psiflux.backend.Fixtures.box;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.physics.Sampling;
import io.psiflux.propagate.SplitOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code potential.sampling = "cell"} on every backend: a time-dependent barrier with a moving
 * edge, which the backend evaluates itself (compiled into a kernel on OpenCL, walked on the CPU),
 * has the host's cell averages (physics.Sampling), not the point values: the backend's
 * sum V |psi|^2 dV equals the one the host computes from the downloaded psi and its own cell
 * averages, which differs from the point-sampled one by far more than the tolerance.
 */
class CellSamplingContractTest {

    static String barrier(int rank) {
        String[] terms = {"step(0.8 - abs(x - 0.5*sin(t)))", " * (1 + 0.3*step(y))", " + 0.2*step(z - t)"};
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < rank; d++) s.append(terms[d]);
        return s.toString();
    }

    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void theBackendAveragesATimeDependentBarrierOverCells(BackendFactory f, int rank, Precision precision) {
        Grid g = box(rank, rank == 3 ? 12 : 24, 6);
        Potential cell = Potential.expression(barrier(rank), "test", Sampling.CELL);
        Potential point = Potential.expression(barrier(rank), "test");
        Hamiltonian h = Hamiltonian.free(1, 1).withPotential(cell);
        try (Backend b = f.open(g, precision); SplitOperator op = new SplitOperator(b, h, 0.01)) {
            assertTrue(op.potentialOnDevice(), "the backend evaluates the cell averages itself");
            op.reset(InitialState.gaussian(new double[] {0.3, -0.2, 0.1}, new double[] {1, 1, 1}, new double[] {1, 0, 0})
                    .create(g, precision, 1), 0, 0);
            for (int k = 0; k < 3; k++) {
                op.advance(7);
                op.syncPotential();
                double device = b.moments(op.psi(), h).potential();
                ComplexField psi = new ComplexField(g, precision);
                b.download(op.psi(), psi);
                double host = expectation(cell, op.time(), psi), pointwise = expectation(point, op.time(), psi);
                double tol = precision.tolerance(g.points());
                assertEquals(host, device, tol * Math.max(1, Math.abs(host)), "sum V |psi|^2 dV at t = " + op.time());
                assertTrue(Math.abs(host - pointwise) > 100 * tol, "cell and point sampling differ here: " + host + " vs " + pointwise);
            }
        }
    }

    private static double expectation(Potential v, double t, ComplexField psi) {
        Grid g = psi.grid();
        RealField values = RealField.scalar(g, Precision.DOUBLE);
        v.sample(t, values);
        double s = 0;
        for (int p = 0; p < g.points(); p++) s += values.get(p) * psi.abs2(p);
        return s * g.dV();
    }
}
