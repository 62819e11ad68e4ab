package io.psiflux.sweep;

import io.psiflux.UserError;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * psiflux sweep, start to end: read and validate every point (nothing is written when one is
 * bad), open the folder, find what is left to do (completed points are skipped, interrupted ones
 * resumed, failed ones rerun only with --retry-failed), hand it to an engine, then write sweep.csv
 * and sweep.png and say how it went. Exit codes: 0 every point completed, 4 some failed (the
 * others ran), 5 some are not done (pending, running elsewhere, interrupted, or submitted and
 * not waited for with --collect still to come); 2 a mistake in the input; the cli adds 130 and
 * 143 for signals.
 */
public final class Sweep {
    /** Exit code: some points failed. */
    public static final int SOME_FAILED = 4;
    /** Exit code: some points are not done. */
    public static final int NOT_DONE = 5;

    private Sweep() {
    }

    /**
     * The command's choices.
     *
     * @param out         the folder, or null for out/NAME
     * @param slurm       true for the Slurm engine
     * @param settings    how workers start and what runs get
     * @param perTask     Slurm: points per array task
     * @param waitForJob  Slurm: wait for the job
     * @param collect     only gather what is there (no engine)
     * @param plot        --plot Y:X, or null
     * @param pollSeconds Slurm: seconds between squeue polls
     */
    public record Options(String out, boolean slurm, Engine.Settings settings, int perTask, boolean waitForJob, boolean collect, String plot,
                          double pollSeconds) {
    }

    /** What the command ended with. */
    public record Ending(int code, boolean interrupted) {
    }

    /**
     * Runs the sweep file with these options; {@code stop} turns true on a signal, {@code out}
     * hears the summary lines and the job id, {@code err} the progress line and notes.
     */
    public static Ending run(Path file, Options o, BooleanSupplier stop, PrintStream out, PrintStream err, boolean terminal)
            throws InterruptedException {
        SweepFile sf = SweepFile.read(file);
        Plan plan = Plan.of(sf);
        SweepPlot plot = SweepPlot.of(plan, o.plot());
        String dirText = o.out() != null ? o.out() : Path.of("out", sf.name()).toString();
        if (o.collect()) {
            SweepFolder.check(dirText, plan);
            if (!Files.isRegularFile(Path.of(dirText).resolve("sweep.json"))) {
                throw new UserError("--collect: " + dirText + " holds no sweep to collect (no sweep.json); run the sweep first");
            }
        } else if (o.slurm()) {
            SweepFolder.check(dirText, plan);
            SlurmEngine.check(Files.isDirectory(Path.of(dirText)) ? SweepFolder.existing(Path.of(dirText)) : null);
        }
        try (SweepFolder folder = SweepFolder.open(dirText, plan, err::println)) {
            List<PointStatus> before = new ArrayList<>();
            for (Point p : plan.points()) before.add(PointStatus.read(folder.pointDir(p)));
            PointStatus.State[] states = before.stream().map(PointStatus::state).toArray(PointStatus.State[]::new);
            SweepProgress progress = new SweepProgress(states, err, terminal);
            boolean interrupted = false;
            if (!o.collect()) {
                List<Point> todo = new ArrayList<>();
                int running = 0;
                for (int i = 0; i < before.size(); i++) {
                    PointStatus.State s = before.get(i).state();
                    if (s == PointStatus.State.PENDING || s == PointStatus.State.INTERRUPTED
                            || s == PointStatus.State.FAILED && o.settings().retryFailed()) {
                        todo.add(plan.points().get(i));
                    }
                    if (s == PointStatus.State.RUNNING) running++;
                }
                out.println("psiflux: sweep " + sf.name() + ": " + plan.points().size() + " points, " + counts(states) + "; "
                        + (todo.isEmpty() ? "nothing to run" : todo.size() + " to run " + (o.slurm() ? "on Slurm" : "here with "
                        + Math.min(o.settings().jobs(), todo.size()) + " job" + (Math.min(o.settings().jobs(), todo.size()) == 1 ? "" : "s")))
                        + "; folder " + folder.dir());
                if (running > 0) {
                    err.println("psiflux: sweep: " + running + " point" + (running == 1 ? " is" : "s are")
                            + " being run by another process; left alone");
                }
                if (!todo.isEmpty()) {
                    Engine engine = o.slurm() ? new SlurmEngine(o.perTask(), o.waitForJob(), o.pollSeconds(), err::println) : new LocalEngine();
                    Engine.Outcome r = engine.run(new Engine.Job(plan, folder, todo, o.settings(), stop, progress));
                    progress.print(true);
                    if (r == Engine.Outcome.SUBMITTED) {
                        out.println(((SlurmEngine) engine).jobId());
                        err.println("psiflux: sweep: not waiting; gather the table later with: psiflux sweep " + file + " --out "
                                + folder.dir() + " --collect");
                        SweepTable.write(folder.dir().resolve("sweep.csv"), plan, folder);
                        return new Ending(0, false);
                    }
                    interrupted = r == Engine.Outcome.INTERRUPTED;
                }
            }
            List<PointStatus> after = SweepTable.write(folder.dir().resolve("sweep.csv"), plan, folder);
            if (plot != null) plot.write(folder.dir().resolve("sweep.png"), plan, after);
            return new Ending(report(plan, after, folder, plot != null, out, err), interrupted);
        }
    }

    private static int report(Plan plan, List<PointStatus> after, SweepFolder folder, boolean plotted, PrintStream out, PrintStream err) {
        PointStatus.State[] states = after.stream().map(PointStatus::state).toArray(PointStatus.State[]::new);
        int failed = 0, shown = 0, notDone = 0;
        for (int i = 0; i < after.size(); i++) {
            PointStatus s = after.get(i);
            if (s.state() == PointStatus.State.FAILED) {
                failed++;
                if (shown++ < 10) {
                    Point p = plan.points().get(i);
                    err.println("psiflux: sweep: point " + p.id() + " (" + Plan.describe(plan.file(), p.values()) + ") failed: "
                            + s.reason() + "; see " + folder.pointDir(p).resolve(SweepFolder.POINT_LOG));
                }
            } else if (s.state() != PointStatus.State.COMPLETED) {
                notDone++;
            }
        }
        if (shown > 10) err.println("psiflux: sweep: and " + (shown - 10) + " more failed points (status failed in sweep.csv)");
        out.println("psiflux: sweep: " + counts(states) + "; table " + folder.dir().resolve("sweep.csv")
                + (plotted ? ", plot " + folder.dir().resolve("sweep.png") : "")
                + (failed > 0 ? "; rerun with --retry-failed to run the failed points again" : "")
                + (notDone > 0 ? "; rerun the same command to run what is not done" : ""));
        return failed > 0 ? SOME_FAILED : notDone > 0 ? NOT_DONE : 0;
    }

    /** "38 completed, 1 failed, 1 pending". */
    static String counts(PointStatus.State[] states) {
        int[] n = new int[PointStatus.State.values().length];
        for (PointStatus.State s : states) n[s.ordinal()]++;
        List<String> parts = new ArrayList<>();
        for (PointStatus.State s : new PointStatus.State[] {PointStatus.State.COMPLETED, PointStatus.State.FAILED,
                PointStatus.State.INTERRUPTED, PointStatus.State.RUNNING, PointStatus.State.PENDING}) {
            if (n[s.ordinal()] > 0 || s == PointStatus.State.COMPLETED) parts.add(String.format(Locale.ROOT, "%d %s", n[s.ordinal()], s.key()));
        }
        return String.join(", ", parts);
    }
}
