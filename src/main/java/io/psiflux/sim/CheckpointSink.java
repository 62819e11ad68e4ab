package io.psiflux.sim;

import java.io.IOException;

/** Where a run's checkpoints go (a run folder's checkpoint files, in the command line). */
@FunctionalInterface
public interface CheckpointSink {
    void write(Checkpoint checkpoint) throws IOException;
}
