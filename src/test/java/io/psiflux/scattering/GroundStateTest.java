package io.psiflux.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.sim.Options;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Relaxation;
import io.psiflux.sim.Simulation;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Imaginary time finds the lowest states of harmonic oscillators: E = hbar omega_d (n_d + 1/2)
 * summed over the axes, with the states orthonormal.
 */
class GroundStateTest {

    static Recorder relax(Grid g, String v, double dt, long steps, int states, int order, double[] sigma) throws Exception {
        try (Relaxation sim = Simulation.builder(g, Hamiltonian.builder().potential(v).build())
                .backend(new CpuBackend(g, Precision.DOUBLE)).order(order).dt(dt)
                .initial(InitialState.gaussian(new double[] {0.3, -0.2, 0}, sigma, new double[3])).relaxation(states, 1e-10)) {
            Recorder rec = new Recorder();
            sim.run(steps, 100, rec, (d, t, s) -> { });
            return rec;
        }
    }

    static double overlap(ComplexField a, ComplexField b) {
        double re = 0, im = 0;
        for (int p = 0; p < a.points(); p++) {
            re += a.re(p) * b.re(p) + a.im(p) * b.im(p);
            im += a.re(p) * b.im(p) - a.im(p) * b.re(p);
        }
        return Math.hypot(re, im) * a.grid().dV();
    }

    @Test
    void oscillator1dGroundAndFirstExcited() throws Exception {
        Grid g = Grid.of(new Axis(128, -10, 10));
        Recorder rec = relax(g, "0.5*x^2", 0.01, 5000, 2, 2, new double[] {1, 1, 1});
        RunResult r = rec.result;
        assertTrue(r.converged(), r.problem());
        System.out.printf("1D oscillator: E0 = %.12f, E1 = %.12f (exact 0.5, 1.5)%n", r.energies()[0], r.energies()[1]);
        assertEquals(0.5, r.energies()[0], 1e-7);
        assertEquals(1.5, r.energies()[1], 1e-7);
        assertEquals(2, rec.states.size());
        assertTrue(overlap(rec.states.get(0), rec.states.get(1)) < 1e-8, "orthogonal states");
        assertEquals(1.0, overlap(rec.states.get(0), rec.states.get(0)), 1e-12, "normalised");
        // the rows carry the state's number
        assertEquals(1.0, rec.rows.get(rec.rows.size() - 1).extra("state"));
    }

    @Test
    void anisotropic2dAtOrderFour() throws Exception {
        // omega = (1, 2): E(nx, ny) = (nx + 1/2) + 2 (ny + 1/2), so E0 = 1.5, E1 = 2.5 (nx = 1)
        Grid g = Grid.of(new Axis(48, -8, 8), new Axis(48, -6, 6));
        Recorder rec = relax(g, "0.5*(x^2 + 4*y^2)", 0.02, 3000, 2, 4, new double[] {1, 1, 1});
        RunResult r = rec.result;
        assertTrue(r.converged(), r.problem());
        System.out.printf("2D anisotropic oscillator (order 4): E0 = %.12f, E1 = %.12f (exact 1.5, 2.5)%n",
                r.energies()[0], r.energies()[1]);
        assertEquals(1.5, r.energies()[0], 1e-7);
        assertEquals(2.5, r.energies()[1], 1e-7);
    }

    @Test
    void tooFewStepsIsReportedAsNotConverged() throws Exception {
        Grid g = Grid.of(new Axis(64, -10, 10));
        Recorder rec = relax(g, "0.5*x^2", 0.01, 20, 1, 2, new double[] {2, 1, 1});
        assertFalse(rec.result.converged());
        assertNotNull(rec.result.problem());
        assertTrue(rec.result.problem().contains("state 0") && rec.result.problem().contains("time.steps"), rec.result.problem());
    }
}
