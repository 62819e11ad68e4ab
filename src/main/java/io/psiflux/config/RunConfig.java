package io.psiflux.config;

import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.io.RunOutput;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.TrajectorySpec;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.sim.Options;
import io.psiflux.sim.Simulation;
import io.psiflux.sim.SpectrumOptions;
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
 * @param spectrum  [spectrum]: the correlations sampled at every output step for spectra, or null
 * @param trajectories the [trajectories] to follow, or null for none
 */
public record RunConfig(Path source, String name, Grid grid, Hamiltonian hamiltonian, InitialState initial,
                        double dt, long steps, int every, Set<FieldKind> fields, Options options,
                        Set<RunOutput.Format> formats, long checkpointEvery, int checkpointKeep, Map<String, String> keys,
                        SpectrumOptions spectrum, TrajectorySpec trajectories) {

    /**
     * A builder of this run's simulation (or, with {@link Simulation.Builder#relaxation}, its
     * imaginary-time solver): grid, Hamiltonian, initial state, dt, order and flux planes set;
     * backend and precision left to the caller.
     */
    public Simulation.Builder builder() {
        return Simulation.builder(grid, hamiltonian).initial(initial).dt(dt).order(options.order()).flux(options.flux())
                .method(options.method())
                .spectrum(spectrum)
                .trajectories(trajectories);
    }

    /**
     * Issue 12's note on order 4 and sharp potentials: the triple jump's error constant assumes a
     * smooth V, and a jump in V (order reduction) leaves it no better than order 2 at three times
     * the work. A line to print when {@code time.order = 4} meets an expression with {@code step(}
     * or {@code abs(}, or a potential.file with a jump (see {@link #hasJump}); null otherwise.
     */
    public String orderFourNote() {
        if (options.order() != 4) return null;
        String what = null;
        String expr = keys.get("potential.expression");
        if (expr != null) {
            String flat = expr.replaceAll("\\s+", "");
            if (flat.contains("step(")) what = "potential.expression uses step(";
            else if (flat.contains("abs(")) what = "potential.expression uses abs(";
        } else if (keys.containsKey("potential.file")) {
            RealField v = RealField.scalar(grid, Precision.DOUBLE);
            hamiltonian.potential().sample(0.0, v);
            if (hasJump(grid, v)) what = "potential.file has a jump";
        }
        if (what == null) return null;
        return "note: time.order = 4 with a discontinuous potential (" + what + "): the jump reduces the triple jump's order, "
                + "so it is no more accurate than order 2 at three times the work; use order = 2 and a smaller dt "
                + "(docs/config.md, \"Time stepping\")";
    }

    /**
     * Whether V on the grid has a jump: along some active axis, a difference between neighbouring
     * points above 1% of V's range and above 4 times both adjacent differences (a smooth V,
     * sampled finely enough to be represented, changes by comparable amounts from point to point).
     */
    static boolean hasJump(Grid g, RealField v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < v.length(); p++) {
            lo = Math.min(lo, v.get(p));
            hi = Math.max(hi, v.get(p));
        }
        double range = hi - lo;
        if (!(range > 0)) return false;
        int[] stride = {g.n(1) * g.n(2), g.n(2), 1};
        for (int d = 0; d < g.rank(); d++) {
            int n = g.n(d), s = stride[d];
            for (int p = 0; p < v.length(); p++) {
                int i = (p / s) % n;
                if (i + 1 >= n) continue;
                double jump = Math.abs(v.get(p + s) - v.get(p));
                if (jump <= 0.01 * range) continue;
                double before = i >= 1 ? Math.abs(v.get(p) - v.get(p - s)) : 0;
                double after = i + 2 < n ? Math.abs(v.get(p + 2 * s) - v.get(p + s)) : 0;
                if (jump > 4 * Math.max(before, after)) return true;
            }
        }
        return false;
    }
}
