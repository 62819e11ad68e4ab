package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.Observation;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Within one step, actions run in the order that makes a checkpoint safe: the simulation's own and
 * the caller's {@link Simulation#schedule} actions, then {@link Simulation#run}'s output row, then
 * {@link Simulation#scheduleLast} actions (checkpoints). A run killed right after a checkpoint at
 * an output step used to resume without that step's row: the checkpoint was written first, and a
 * resumed run counts its starting step as written.
 */
class ScheduleOrderTest {

    @Test
    void aCheckpointAtAnOutputStepComesAfterItsRow() throws IOException {
        List<String> events = new ArrayList<>();
        Grid g = Grid.of(new Axis(64, -8, 8));
        try (Simulation sim = Simulation.builder(g, Hamiltonian.builder().potential("x^2 / 2").build()).backend("cpu")
                .initial(InitialState.gaussian(new double[] {1}, new double[] {1}, new double[] {0})).dt(0.01).build()) {
            sim.scheduleLast("checkpoint", Schedule.iterationInterval(5), s -> events.add("checkpoint " + s.step()));
            // scheduled after the checkpoint, still runs before it (and before the row)
            sim.schedule("kick", Schedule.iterationInterval(10), s -> events.add("kick " + s.step()));
            Output rows = new Output() {
                @Override
                public void write(Observation o, Snapshot snapshot) {
                    events.add("row " + sim.step());
                }

                @Override
                public void finish(RunResult result) {
                }

                @Override
                public void close() {
                }
            };
            sim.run(20, 10, Set.of(), rows, Progress.NONE);
        }
        assertEquals(List.of("row 0", "checkpoint 5", "kick 10", "row 10", "checkpoint 10", "checkpoint 15", "kick 20", "row 20",
                "checkpoint 20"), events);
    }
}
