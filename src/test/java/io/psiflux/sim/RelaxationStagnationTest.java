package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.observe.Observation;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imaginary time stops on stagnation, not on a small change per step: on the 2D double well
 * (tunnelling gap 0.048) the three lowest states at the default tolerance come out within 1e-8
 * of the exact grid levels (EigenstatesTest's dense oracle), where a per-step test stopped
 * 1.5e-7 short. What is left is the split step's own O(dt^2) error, not the stopping rule.
 */
class RelaxationStagnationTest {

    static final Output NONE = new Output() {
        @Override
        public void write(Observation observation, Snapshot snapshot) {
        }

        @Override
        public void finish(RunResult result) {
        }

        @Override
        public void close() {
        }
    };

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theDoubleWellsLevelsAtTheDefaultTolerance(String backend) throws IOException {
        double[] exact = EigenstatesTest.exactLevels(3);
        try (Relaxation r = Simulation.builder(EigenstatesTest.G, EigenstatesTest.WELL).backend(backend).initial(EigenstatesTest.START)
                .dt(0.01).relaxation(3, Options.DEFAULT.tolerance())) {
            RunResult res = r.run(60000, 1000, NONE, Progress.NONE);
            StringBuilder msg = new StringBuilder(backend + String.format(Locale.ROOT, ": %d steps;", res.steps()));
            for (int i = 0; i < 3; i++) {
                msg.append(String.format(Locale.ROOT, " E%d %.12f off %.2e", i, res.energies()[i], res.energies()[i] - exact[i]));
            }
            System.out.println("relaxation of the double well, " + msg);
            assertTrue(res.converged(), msg.toString());
            for (int i = 0; i < 3; i++) assertEquals(exact[i], res.energies()[i], 1e-8, msg.toString());
        }
    }

    /** The rule itself, on a geometric tail E_n = 1 + a q^n: done when a q^n / 1 is below the tolerance, not before. */
    @Test
    void aGeometricTailStopsWhenWhatIsLeftIsBelowTheTolerance() {
        double q = Math.exp(-2 * 0.048 * 0.01), a = 0.1, tol = 1e-10;
        Relaxation.Stagnation s = new Relaxation.Stagnation(tol);
        long n = 0;
        while (!s.add(1 + a * Math.pow(q, n))) n++;
        double left = a * Math.pow(q, n);
        assertTrue(left <= tol, "stopped with " + left + " still to fall");
        assertTrue(left > tol * Math.pow(q, 3 * Relaxation.Stagnation.W), "not much later than needed: " + left);
        // a per-step change test at the same tolerance would have stopped ~1000x too early
        long perStep = (long) Math.ceil(Math.log(tol / (a * (1 - q))) / Math.log(q));
        assertTrue(perStep < n, perStep + " vs " + n);
        assertFalse(a * Math.pow(q, perStep) <= tol);
    }

    /**
     * time.tolerance = 0: no stopping rule (a fixed-length relaxation, as GPUE and XMDS2 run
     * imaginary time). The state takes every step; the run counts as converged (exit 0) with a
     * note of how far the energy still falls, the state as not judged converged.
     */
    @org.junit.jupiter.api.Test
    void toleranceZeroRunsEveryStepAndSaysHowFarTheEnergyStillFalls() throws IOException {
        try (Relaxation r = Simulation.builder(EigenstatesTest.G, EigenstatesTest.WELL).backend("cpu").initial(EigenstatesTest.START)
                .dt(0.01).relaxation(1, 0)) {
            RunResult res = r.run(300, 100, NONE, Progress.NONE);
            assertEquals(300, res.steps(), "every step taken");
            assertTrue(res.converged(), "no stopping rule is not a failure");
            assertFalse(res.stateConverged()[0], "but the state is not judged converged");
            assertTrue(res.problem().startsWith("state 0 ran its 300 steps (time.tolerance = 0: no stopping rule)"), res.problem());
            assertTrue(res.notes().contains(res.problem()), "printed with the notes");
            // the exact ground level lies below: the energy is still falling
            assertTrue(res.energies()[0] > EigenstatesTest.exactLevels(1)[0], "still above the ground level after 300 steps");
        }
    }
}
