package io.psiflux.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.config.RunConfig;
import io.psiflux.field.Precision;
import io.psiflux.io.CheckpointFiles;
import io.psiflux.io.RunFolder;
import io.psiflux.io.RunOutput;
import io.psiflux.io.TrajectoryFiles;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.ProbabilityBudget;
import io.psiflux.propagate.Chebyshev;
import io.psiflux.sim.Eigenstates;
import io.psiflux.sim.Method;
import io.psiflux.sim.NumericalFailure;
import io.psiflux.sim.Progress;
import io.psiflux.sim.Relaxation;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Schedule;
import io.psiflux.sim.Simulation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * psiflux run CONFIG: the main job. The output folder holds one run, whole (see
 * {@link RunFolder}); the run is written as it goes and ends with a status:
 * completed (exit 0; 3 when imaginary-time states did not all converge), interrupted by SIGINT
 * or SIGTERM (exit 130 or 143, after the step in flight, with a checkpoint when checkpointing is
 * on), failed numerically (exit 4, one line saying why), or refused (exit 2).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the simulation a TOML config describes and write observables.csv, fields and summary.json.")
final class RunCommand implements Callable<Integer> {

    /** Exit code of a numerical failure. */
    static final int FAILED = 4;
    /** Exit code of an imaginary-time run whose states did not all converge. */
    static final int NOT_CONVERGED = 3;

    @Mixin
    SimulationSetup setup;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder; default out/<config name>/")
    String out;

    @ArgGroup(exclusive = true)
    Existing existing;

    /** What to do with a folder that already holds a run. */
    static final class Existing {
        @Option(names = "--overwrite", description = "remove the files an earlier run wrote into the folder, then run")
        boolean overwrite;

        @Option(names = "--resume", description = "continue the run in the folder from its newest checkpoint")
        boolean resume;
    }

    @Override
    public Integer call() throws Exception {
        Precision precision = SimulationSetup.precision(setup.precision); // a bad --precision before the config is read
        RunConfig c = setup.load();
        String dir = out != null ? out : Path.of("out", c.name()).toString();
        RunFolder.Mode mode = existing == null ? RunFolder.Mode.NEW
                : existing.resume ? RunFolder.Mode.RESUME : RunFolder.Mode.OVERWRITE;
        try (RunFolder folder = RunFolder.open(dir, mode, "--out", System.err::println);
             Interrupts signals = Interrupts.install()) {
            if (c.options().method() == Method.EIGEN) return eigen(c, folder, precision);
            return c.options().imaginary() ? relax(c, folder, precision, signals) : realTime(c, folder, precision, signals);
        }
    }

    private int realTime(RunConfig c, RunFolder folder, Precision precision, Interrupts signals) throws IOException {
        try (Simulation sim = setup.open(c)) {
            CheckpointFiles.Stored from = resumeFrom(c, folder, precision, sim.backend());
            if (from != null) sim.restore(from.checkpoint());
            if (from != null && sim.trajectories() != null) {
                sim.trajectories().history(TrajectoryFiles.read(folder.dir(), c.grid().rank(), sim.trajectories().count(), c.dt(), sim.step()));
            }
            long remaining = c.steps() - sim.step();
            if (from != null && remaining <= 0) return nothingLeft(folder, sim.step(), c);
            RunOutput.checkSpace(folder.dir(), RunOutput.estimateBytes(c.grid(), precision, remaining, c.every(), c.fields(),
                    c.formats(), c.checkpointEvery() > 0, c.checkpointKeep(), 0) + trajectoryBytes(c), fieldsSaid(c));
            CheckpointFiles checkpoints = c.checkpointEvery() > 0
                    ? new CheckpointFiles(folder.dir(), c.checkpointKeep(), identity(c, precision)) : null;
            if (checkpoints != null) {
                sim.scheduleLast("checkpoint", Schedule.iterationInterval(c.checkpointEvery()), s -> checkpoint(s, folder.dir(), checkpoints));
            }
            try (RunOutput o = new RunOutput(folder.dir(), c.grid(), c.dt(), c.steps(), c.formats(), from == null ? -1 : sim.step(),
                    c.fields().contains(FieldKind.POTENTIAL))) {
                start(c, sim.backend(), o, from);
                o.start(sim.potential());
                String warning = sim.aliasingWarning();
                if (warning != null) System.err.println("psiflux: " + warning);
                String spectrumWarning = sim.spectrumWarning();
                if (spectrumWarning != null) System.err.println("psiflux: " + spectrumWarning);
                String orderNote = c.orderFourNote();
                if (orderNote != null) System.err.println("psiflux: " + orderNote);
                if (sim.propagator() instanceof Chebyshev ch) {
                    double[] b = ch.spectralBounds();
                    System.out.printf(Locale.ROOT, "psiflux: Chebyshev: %d H psi per step of %s, H's spectrum in [%.6g, %.6g]%n",
                            ch.applicationsPerStep(), c.dt(), b[0], b[1]);
                    o.put("method", "chebyshev");
                    o.put("chebyshev_terms", ch.terms());
                }
                RunResult r;
                try {
                    r = sim.run(remaining, c.every(), c.fields(), o, ProgressBar.forStderr(), signals::requested);
                } catch (NumericalFailure f) {
                    o.fail(f.getMessage(), f.step());
                    System.err.println("psiflux: failed: " + f.getMessage());
                    return FAILED;
                } catch (OutOfMemoryError e) {
                    throw outOfMemory(o, sim.step());
                }
                if (checkpoints != null) checkpoint(sim, folder.dir(), checkpoints);
                if (!r.interrupted()) {
                    spectrumLine("spectrum", sim.spectrum());
                    spectrumLine("current_spectrum", sim.currentSpectrum());
                }
                return report(c, r, folder, signals);
            }
        }
    }

    /**
     * A run that ran out of Java heap: summary.json says "failed" with the reason (the files of
     * the output steps before it stay, whole), and the run ends with the one line of
     * {@link Main#outOfMemory}, exit 2.
     */
    private static UserError outOfMemory(RunOutput o, long step) {
        String why = Main.outOfMemory();
        try {
            o.fail(why, step);
        } catch (RuntimeException | OutOfMemoryError ignored) {
            // the line below still says what happened
        }
        return new UserError(why);
    }

    /** One line naming a spectrum's peaks (the first ten), its resolution and range; nothing for null. */
    private static void spectrumLine(String name, io.psiflux.observe.Spectrum s) {
        if (s == null) return;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "psiflux: %s.csv: resolution %.4g, range [%.4g, %.4g), %d peak%s",
                name, s.resolution(), s.minEnergy(), s.maxEnergy(), s.peaks().size(), s.peaks().size() == 1 ? "" : "s"));
        for (int i = 0; i < Math.min(10, s.peaks().size()); i++) {
            io.psiflux.observe.Spectrum.Peak p = s.peaks().get(i);
            b.append(String.format(Locale.ROOT, "%s E = %.6g (%.4g)", i == 0 ? ":" : ",", p.energy(), p.amplitude()));
        }
        if (s.peaks().size() > 10) b.append(", ... (").append(name).append("_peaks.csv)");
        System.out.println(b);
    }

    /** A checkpoint, the trajectories recorded so far written first: --resume reads them back up to its step. */
    private static void checkpoint(Simulation sim, Path dir, CheckpointFiles files) {
        if (sim.trajectories() != null) TrajectoryFiles.write(dir, sim.trajectories().paths());
        files.write(sim.checkpoint());
    }

    /** About how many bytes trajectories.npy reaches: rows of particles x rank float64 (0 without [trajectories]). */
    private static long trajectoryBytes(RunConfig c) {
        if (c.trajectories() == null) return 0;
        long every = c.trajectories().every() > 0 ? Math.min(c.trajectories().every(), c.every()) : c.every();
        long rows = c.steps() / every + c.steps() / c.every() + 2;
        return rows * (8L * c.trajectories().particles() * c.grid().rank() + 8);
    }

    private int relax(RunConfig c, RunFolder folder, Precision precision, Interrupts signals) throws IOException {
        try (Relaxation relax = setup.relaxation(c)) {
            CheckpointFiles.Stored from = resumeFrom(c, folder, precision, relax.backend());
            if (from != null) relax.restore(from.checkpoint());
            RunOutput.checkSpace(folder.dir(), RunOutput.estimateBytes(c.grid(), precision, c.steps() * c.options().states(),
                    c.every(), java.util.Set.of(), c.formats(), c.checkpointEvery() > 0, c.checkpointKeep(), c.options().states()),
                    "states and checkpoints");
            CheckpointFiles checkpoints = c.checkpointEvery() > 0
                    ? new CheckpointFiles(folder.dir(), c.checkpointKeep(), identity(c, precision)) : null;
            if (checkpoints != null) relax.checkpoints(c.checkpointEvery(), checkpoints::write);
            long resumeStep = from == null ? -1 : (long) from.checkpoint().number("state_step");
            boolean vortices = c.fields().contains(FieldKind.VORTICES);
            relax.vortices(vortices);
            try (RunOutput o = new RunOutput(folder.dir(), c.grid(), c.dt(), c.steps(), c.formats(), resumeStep, false)) {
                o.stateVortices(vortices);
                if (from != null) o.resumeState((long) from.checkpoint().number("state"));
                start(c, relax.backend(), o, from);
                o.start(relax.potential());
                RunResult r;
                try {
                    r = relax.run(c.steps(), c.every(), o, ProgressBar.forStderr(), signals::requested);
                } catch (OutOfMemoryError e) {
                    throw outOfMemory(o, -1);
                } catch (NumericalFailure f) {
                    o.fail(f.getMessage(), f.step());
                    System.err.println("psiflux: failed: " + f.getMessage());
                    return FAILED;
                }
                if (checkpoints != null) checkpoints.write(relax.checkpoint());
                return report(c, r, folder, signals);
            }
        }
    }

    /**
     * time.method = "eigen": the block eigensolver (started by time.steps imaginary-time steps of
     * dt), state_K.npy per state, a row per state, and per state energy, residual and converged in
     * summary.json ("states"). No checkpoints: a solve is one piece.
     */
    private int eigen(RunConfig c, RunFolder folder, Precision precision) throws IOException {
        if (existing != null && existing.resume) {
            throw new UserError("--resume: an eigensolver run (time.method = \"eigen\") has no checkpoints to resume; use --overwrite");
        }
        int states = c.options().eigen().states();
        try (Eigenstates solver = setup.eigenstates(c)) {
            RunOutput.checkSpace(folder.dir(), RunOutput.estimateBytes(c.grid(), precision, 0, c.every(), java.util.Set.of(),
                    c.formats(), false, 1, states), "states");
            try (RunOutput o = new RunOutput(folder.dir(), c.grid(), c.dt(), c.steps(), c.formats(), -1, false)) {
                start(c, solver.backend(), o, null);
                o.put("method", "eigen");
                o.put("eigen_block", solver.blockSize());
                o.start(solver.potential());
                double[] bounds = solver.spectralBounds();
                System.out.printf(Locale.ROOT, "psiflux: eigensolver: %d states (block %d), H's spectrum in [%.6g, %.6g], "
                        + "tolerance %.3g x width%n", states, solver.blockSize(), bounds[0], bounds[1],
                        c.options().eigen().tolerance(precision));
                RunResult r;
                try {
                    solver.solve(ProgressBar.forStderr());
                    o.put("states", solver.summary());
                    o.put("eigen_iterations", solver.iterations());
                    o.put("eigen_applications", solver.applications());
                    r = solver.run(o, Progress.NONE);
                } catch (NumericalFailure f) {
                    o.fail(f.getMessage(), f.step());
                    System.err.println("psiflux: failed: " + f.getMessage());
                    return FAILED;
                }
                for (int k = 0; k < states; k++) {
                    Eigenstates.State st = solver.states().get(k);
                    System.out.printf(Locale.ROOT, "psiflux: state %d: E = %.12g, residual %.2e%s%n", k, st.energy(), st.residual(),
                            st.converged() ? "" : " (not converged)");
                }
                System.out.printf(Locale.ROOT, "psiflux: %d iterations, %d H psi, %.2f s; output in %s%n", solver.iterations(),
                        solver.applications(), r.secondsStepping(), folder.dir());
                if (!r.converged()) {
                    System.err.println("psiflux: " + r.problem());
                    return NOT_CONVERGED;
                }
                return 0;
            }
        }
    }

    /** The end of a run that did not fail: the summary line, notes, and the exit code. */
    private static int report(RunConfig c, RunResult r, RunFolder folder, Interrupts signals) {
        if (r.interrupted()) {
            System.err.printf(Locale.ROOT, "psiflux: interrupted by %s after %d steps; summary in %s%s%n", signals.name(), r.steps(),
                    folder.dir(), c.checkpointEvery() > 0 ? "; continue with --resume" : " (no [checkpoint], so it cannot be resumed)");
            return signals.exitCode();
        }
        System.out.printf("psiflux: done in %.2f s stepping (%.1f steps/s); final norm %.12f, energy %.10g; output in %s%n",
                r.secondsStepping(), r.stepsPerSecond(), r.finalNorm(), r.finalEnergy(), folder.dir());
        for (String note : r.notes()) System.out.println("psiflux: " + note);
        for (FluxPlane plane : c.options().flux()) {
            Double got = r.through().get(plane.name());
            if (plane.expect() != null && got != null) {
                System.out.printf(Locale.ROOT, "psiflux: through_%s = %.8f, expected %.8f (flux.expect), difference %.2e%n",
                        plane.name(), got, plane.expect(), got - plane.expect());
            }
        }
        String budget = ProbabilityBudget.warning(r.finals());
        if (budget != null) System.err.println("psiflux: " + budget);
        if (!r.converged()) {
            System.err.println("psiflux: " + r.problem());
            return NOT_CONVERGED;
        }
        return 0;
    }

    private static int nothingLeft(RunFolder folder, long step, RunConfig c) {
        System.out.printf("psiflux: the run in %s is already at step %d, time.steps = %d: nothing to run%n", folder.dir(), step,
                c.steps());
        return 0;
    }

    private static void start(RunConfig c, Backend b, RunOutput o, CheckpointFiles.Stored from) {
        o.put("config", c.source().toAbsolutePath().toString());
        o.put("backend", b.name());
        o.put("device", b.device());
        o.put("precision", b.precision().toString());
        o.put("steps_planned", c.steps());
        System.out.printf("psiflux: %s, %s on %s (%s), %s precision, %d steps of dt = %s%s%n", c.name(), c.grid(),
                b.name(), b.device(), b.precision(), c.steps(), c.dt(),
                from == null ? "" : ", resuming at step " + from.checkpoint().step() + " (" + from.folder().getFileName() + ")");
    }

    private static String fieldsSaid(RunConfig c) {
        return c.fields().isEmpty() ? "the table and checkpoints" : "fields " + c.fields().toString().toLowerCase(Locale.ROOT)
                + " every " + c.every() + " steps";
    }

    // ---- resume ------------------------------------------------------------------------------------------

    /**
     * What a checkpoint must match to be resumed: every config key as written (time.steps may
     * grow, to extend a run) and the precision.
     */
    static Map<String, Object> identity(RunConfig c, Precision precision) {
        Map<String, Object> id = new LinkedHashMap<>();
        Map<String, String> keys = new TreeMap<>(c.keys());
        keys.remove("time.steps");
        id.put("config", keys);
        id.put("precision", precision.toString());
        return id;
    }

    /** The checkpoint to go on from with --resume (null otherwise), after checking it is this run's. */
    private CheckpointFiles.Stored resumeFrom(RunConfig c, RunFolder folder, Precision precision, Backend b) {
        if (existing == null || !existing.resume) return null;
        CheckpointFiles.Stored s = CheckpointFiles.newest(folder.dir(), c.grid(), precision);
        if (s == null) {
            throw new UserError("--resume: " + folder.dir() + " holds no checkpoint to continue from (the run had no [checkpoint] "
                    + "every = N, or stopped before its first); use --overwrite to start over");
        }
        JsonNode run = s.run();
        String was = run.path("precision").asText();
        if (!was.equals(precision.toString())) {
            throw new UserError("--resume: " + s.folder().getFileName() + " was written in " + was + " precision, this run is "
                    + precision + "; use --precision " + was);
        }
        JsonNode keys = run.path("config");
        Map<String, String> now = new TreeMap<>(c.keys());
        now.remove("time.steps");
        for (Iterator<String> it = keys.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String v = keys.get(k).asText();
            if (!now.containsKey(k)) throw differs(k, v, "absent", s);
            if (!now.get(k).equals(v)) throw differs(k, v, now.get(k), s);
        }
        for (String k : now.keySet()) if (!keys.has(k)) throw differs(k, "absent", now.get(k), s);
        return s;
    }

    private static UserError differs(String key, String was, String now, CheckpointFiles.Stored s) {
        return new UserError("--resume: " + key + " is " + now + " in the config but was " + was + " in the run that wrote "
                + s.folder().getFileName() + "; resume with the same config, or use --overwrite to start over");
    }
}
