package io.psiflux.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.FluxPlane;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.sim.Options;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Simulation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Gaussian packet through the Eckart barrier V0 sech^2(x/a), with an absorbing layer at the
 * box's faces and flux planes on either side, outside the barrier: through_right is the
 * transmission and -through_left the reflection, against the exact T(E) averaged over the
 * packet's momentum distribution.
 */
class EckartTransmissionTest {
    static final double V0 = 2.0, A = 1.0, P0 = 2.0, SIGMA = 3.0, X0 = -15.0;

    @Test
    void transmissionMatchesTheExactAverage() throws Exception {
        Grid g = Grid.of(new Axis(1024, -70, 70));
        double dt = 0.01;
        long steps = 6000;
        try (Simulation sim = Simulation.builder(g, Hamiltonian.builder().potential("2.0/cosh(x/1.0)^2").absorber(20, 2).build())
                .backend(new CpuBackend(g, Precision.DOUBLE))
                .initial(InitialState.gaussian(new double[] {X0, 0, 0}, new double[] {SIGMA, 1, 1}, new double[] {P0, 0, 0}))
                .dt(dt).flux(new FluxPlane("left", 0, -30), new FluxPlane("right", 0, 30)).build()) {
            RunResult r = sim.run(steps, 1000, Set.of(FieldKind.DENSITY), new Recorder(), (d, t, s) -> { });
            double t = r.through().get("right"), rr = -r.through().get("left");
            double exact = Eckart.averaged(P0, SIGMA, V0, A, 1, 1);
            double absorbed = 1 - r.finalNorm();
            System.out.printf("Eckart V0 = %.1f a = %.1f p0 = %.1f sigma = %.1f: T = %.6f (exact %.6f), R = %.6f, "
                    + "T + R = %.8f, absorbed %.8f%n", V0, A, P0, SIGMA, t, exact, rr, t + rr, absorbed);
            assertEquals(exact, t, 2e-4, "transmission");
            assertEquals(1.0, t + rr, 1e-4, "transmission + reflection");
            assertEquals(1.0, absorbed, 1e-4, "everything ended in the absorber");
            assertTrue(exact > 0.3 && exact < 0.9, "a barrier that matters");
        }
    }
}
