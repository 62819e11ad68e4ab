package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.backend.BackendProvider;
import io.psiflux.backend.Backends;
import io.psiflux.sweep.Engine;
import io.psiflux.sweep.JavaCommand;
import io.psiflux.sweep.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * psiflux sweep SWEEP.toml: many runs of one base config with parameters varied, on this machine
 * (worker JVMs sharing the cores, or one per GPU) or as a Slurm job array; one folder per point,
 * sweep.csv with a row each, sweep.png. See docs/sweep.md and {@link Sweep}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every point of a sweep file (a base config with parameters varied) and write sweep.csv and sweep.png.")
final class SweepCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP", description = "the sweep's TOML file (see docs/sweep.md)")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep's folder; default out/<sweep name>/")
    String out;

    @Option(names = "--jobs", paramLabel = "N",
            description = "points run at once: local default one per GPU, else one per core; Slurm: the array's throttle")
    Integer jobs;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "E", description = "local or slurm; default ${DEFAULT-VALUE}")
    String engine;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "KIND", description = "each run's backend: auto, cpu or opencl")
    String backend;

    @Option(names = "--device", paramLabel = "N|NAME", description = "OpenCL device for every run (default: one GPU per job)")
    String device;

    @Option(names = "--precision", defaultValue = "double", paramLabel = "P", description = "single or double; default ${DEFAULT-VALUE}")
    String precision;

    @Option(names = "--retry-failed", description = "run the points that failed again")
    boolean retryFailed;

    @Option(names = "--per-task", paramLabel = "K", description = "Slurm: points per array task, run one after the other; default 1")
    Integer perTask;

    @Option(names = "--no-wait", description = "Slurm: submit, print the job id and return; --collect gathers later")
    boolean noWait;

    @Option(names = "--collect", description = "run nothing: write sweep.csv and sweep.png from the points' folders as they are")
    boolean collect;

    @Option(names = "--plot", paramLabel = "Y:X", description = "plot column Y against parameter X into sweep.png, e.g. through_right:E")
    String plot;

    @Option(names = "--poll", hidden = true, defaultValue = "2", paramLabel = "S", description = "Slurm: seconds between squeue calls")
    double poll;

    @Override
    public Integer call() throws Exception {
        String e = engine.toLowerCase(Locale.ROOT);
        if (!e.equals("local") && !e.equals("slurm")) throw new UserError("--engine: unknown engine \"" + engine + "\" (known: local, slurm)");
        boolean slurm = e.equals("slurm");
        if (jobs != null && jobs < 1) throw new UserError("--jobs: must be >= 1, got " + jobs);
        if (perTask != null && perTask < 1) throw new UserError("--per-task: must be >= 1, got " + perTask);
        if (!slurm && perTask != null) throw new UserError("--per-task: only with --engine slurm (array tasks of K points each)");
        if (!slurm && noWait) throw new UserError("--no-wait: only with --engine slurm (the local engine runs the points itself)");
        if (!(poll > 0)) throw new UserError("--poll: must be > 0, got " + poll);
        SimulationSetup.precision(precision);
        BackendProvider chosen = backend(backend);
        List<String> runOptions = new ArrayList<>(List.of("--backend", backend, "--precision", precision));
        List<String> devices = List.of();
        if (device != null) {
            runOptions.addAll(List.of("--device", device));
        } else if (chosen != null && !slurm) {
            devices = chosen.accelerators();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int n = jobs != null ? jobs : slurm ? 0 : device != null ? 1 : devices.isEmpty() ? cores : devices.size();
        Engine.Settings settings = new Engine.Settings(JavaCommand.current(Main.class.getName()), runOptions, devices, n, retryFailed);
        Sweep.Options o = new Sweep.Options(out, slurm, settings, perTask == null ? 1 : perTask, !noWait, collect, plot, poll);
        try (Interrupts signals = Interrupts.install()) {
            Sweep.Ending end = Sweep.run(file, o, signals::requested, System.out, System.err, System.console() != null);
            if (end.interrupted()) {
                System.err.println("psiflux: sweep interrupted by " + signals.name() + "; rerun the same command to go on");
                return signals.exitCode();
            }
            return end.code();
        }
    }

    /**
     * The provider the runs' --backend will take (null when "auto" leaves it to each run), after
     * refusing a name that is not a backend or one that cannot run here: better once now than in
     * every point.
     */
    private static BackendProvider backend(String kind) {
        String k = kind.trim().toLowerCase(Locale.ROOT);
        for (BackendProvider p : Backends.providers()) {
            if (k.equals("auto")) {
                if (p.unavailableReason() == null && p.autoPassOver() == null) return p;
            } else if (p.name().equals(k)) {
                String why = p.unavailableReason();
                if (why != null) throw new UserError("--backend " + k + ": " + why);
                return p;
            }
        }
        if (!k.equals("auto")) throw new UserError("--backend: unknown backend \"" + kind + "\" (known: " + Backends.names() + ")");
        return null;
    }
}
