package io.psiflux.sim;

import java.io.IOException;

/**
 * Something a {@link Simulation} does on a {@link Schedule}: write output, measure the flux, check
 * for NaN, checkpoint. Runs on the simulation's thread after the steps it is due at, and may read
 * the simulation (observe, snapshot) but not step it.
 */
@FunctionalInterface
public interface Action {
    void run(Simulation sim) throws IOException;
}
