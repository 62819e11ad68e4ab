package io.psiflux.config;

import io.psiflux.grid.Grid;
import io.psiflux.io.RunOutput;
import io.psiflux.observe.FieldKind;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.sim.Options;
import io.psiflux.sim.Simulation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A validated run configuration, immutable. Every field comes from a key documented in
 * docs/config.md (see {@link ConfigKeys}).
 *
 * @param source    the config file
 * @param name      the config file's name without .toml (default output folder out/NAME)
 * @param grid      grid.points and grid.extent
 * @param hamiltonian particle.hbar and particle.mass (default 1), potential.expression or
 *                  potential.file (default V = 0), and the [absorber] (default none)
 * @param initial   the [initial] state
 * @param dt        time.dt (> 0)
 * @param steps     time.steps (>= 0)
 * @param every     output.every (default: steps / 10, at least 1)
 * @param fields    output.fields (default density and current)
 * @param options   time.order, time.imaginary, time.tolerance, time.states, [[flux]]
 * @param formats   output.format (default npy)
 * @param checkpointEvery checkpoint.every, or 0 for no checkpoints
 * @param checkpointKeep  checkpoint.keep
 * @param keys      every key as written, by path (e.g. "time.dt" = "0.01"): what a resumed run must match
 */
public record RunConfig(Path source, String name, Grid grid, Hamiltonian hamiltonian, InitialState initial,
                        double dt, long steps, int every, Set<FieldKind> fields, Options options,
                        Set<RunOutput.Format> formats, long checkpointEvery, int checkpointKeep, Map<String, String> keys) {

    /**
     * A builder of this run's simulation (or, with {@link Simulation.Builder#relaxation}, its
     * imaginary-time solver): grid, Hamiltonian, initial state, dt, order and flux planes set;
     * backend and precision left to the caller.
     */
    public Simulation.Builder builder() {
        return Simulation.builder(grid, hamiltonian).initial(initial).dt(dt).order(options.order()).flux(options.flux())
                .method(options.method());
    }
}
