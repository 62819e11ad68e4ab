package io.psiflux.sweep;

import io.psiflux.UserError;
import io.psiflux.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a sweep as a Slurm job array: writes DIR/slurm/sweep.sbatch (one array task per
 * {@code perTask} points; each task pipes its points' ids into a {@link Worker} JVM, so a task
 * runs its points one after the other in one JVM), submits it with {@code sbatch --parsable},
 * and by default waits: polling {@code squeue} for the job and the points' folders for the
 * progress line, until the job has left the queue. The script names java and the class path
 * (the jar) by absolute path, and the sweep's folder too: the compute nodes must see all three
 * at the same paths (a shared file system). [slurm] adds sbatch options, another java command,
 * JVM options and setup lines.
 */
public final class SlurmEngine implements Engine {
    private final int perTask;
    private final boolean wait;
    private final double pollSeconds;
    private final Consumer<String> say;

    /**
     * @param perTask     points per array task
     * @param wait        wait for the job (false: --no-wait)
     * @param pollSeconds seconds between squeue calls
     * @param say         where one-line notes go (job submitted, job left the queue)
     */
    public SlurmEngine(int perTask, boolean wait, double pollSeconds, Consumer<String> say) {
        this.perTask = perTask;
        this.wait = wait;
        this.pollSeconds = pollSeconds;
        this.say = say;
    }

    /** The job id of the last submission, or null. */
    private String jobId;

    public String jobId() {
        return jobId;
    }

    /**
     * Refuses, before anything is written, a machine without sbatch and squeue, and a sweep whose
     * earlier job is still queued or running (a second job would run its points twice).
     */
    public static void check(SweepFolder existing) {
        for (String tool : List.of("sbatch", "squeue")) {
            if (which(tool) == null) {
                throw new UserError("--engine slurm: " + tool + " is not on the PATH; run the sweep on a machine of the Slurm cluster "
                        + "(a login node), or use --engine local");
            }
        }
        if (existing == null) return;
        for (String job : existing.slurmJobs()) {
            if (!queued(job).isEmpty()) {
                throw new UserError("--engine slurm: job " + job + " of this sweep is still in the queue; wait for it (psiflux sweep "
                        + "... --collect gathers what is done), or cancel it with scancel " + job);
            }
        }
    }

    @Override
    public Outcome run(Job job) throws InterruptedException {
        List<Point> todo = job.todo();
        int tasks = (todo.size() + perTask - 1) / perTask;
        Path script = job.folder().dir().resolve("slurm").resolve("sweep.sbatch");
        try {
            Files.createDirectories(script.getParent());
        } catch (IOException e) {
            throw new UserError("--out: cannot create " + script.getParent() + " (" + AtomicFiles.describe(e) + ")");
        }
        AtomicFiles.writeString(script, script(job, tasks));
        Result r = exec(List.of("sbatch", "--parsable", script.toString()), 120);
        if (r.code != 0) {
            throw new UserError("--engine slurm: sbatch refused " + script + ": " + lastLine(r.err.isBlank() ? r.out : r.err)
                    + (tasks > 1000 ? " (the array has " + tasks + " tasks; more points per task with --per-task K make fewer)" : ""));
        }
        jobId = r.out.strip().split("[;\\s]")[0];
        job.folder().addSlurmJob(jobId);
        say.accept(String.format(Locale.ROOT, "psiflux: sweep: submitted job %s: %d point%s in %d array task%s (%s)", jobId, todo.size(),
                todo.size() == 1 ? "" : "s", tasks, tasks == 1 ? "" : "s", script));
        if (!wait) return Outcome.SUBMITTED;
        job.progress().toRun(todo.size());
        while (true) {
            for (Point p : todo) job.progress().update(p.index(), PointStatus.read(job.folder().pointDir(p)).state());
            job.progress().print(false);
            if (queued(jobId).isEmpty()) break;
            if (job.stop().getAsBoolean()) {
                job.progress().breakLine();
                say.accept("psiflux: sweep: stopped waiting; job " + jobId + " goes on (psiflux sweep ... --collect gathers it later, "
                        + "scancel " + jobId + " stops it)");
                return Outcome.INTERRUPTED;
            }
            sleep(job);
        }
        for (Point p : todo) job.progress().update(p.index(), PointStatus.read(job.folder().pointDir(p)).state());
        return Outcome.FINISHED;
    }

    private void sleep(Job job) throws InterruptedException {
        long until = System.nanoTime() + (long) (pollSeconds * 1e9);
        while (System.nanoTime() < until && !job.stop().getAsBoolean()) Thread.sleep(50);
    }

    /** The array script: one task per {@code perTask} points. */
    String script(Job job, int tasks) {
        SweepFile.Slurm conf = job.plan().file().slurm();
        Path dir = job.folder().dir().toAbsolutePath();
        Path logs = job.folder().logs().toAbsolutePath();
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# psiflux sweep ").append(job.plan().file().source().toAbsolutePath()).append(": a Slurm array, ")
                .append(perTask).append(" point").append(perTask == 1 ? "" : "s").append(" per task.\n");
        b.append("# Written and submitted by psiflux sweep --engine slurm. Each task runs its points one after the other in one\n");
        b.append("# JVM (psiflux sweep-worker); the nodes must see java, the jar and this folder at these paths.\n");
        boolean named = conf.options().stream().anyMatch(o -> o.startsWith("--job-name") || o.startsWith("-J"));
        if (!named) b.append("#SBATCH --job-name=psiflux-sweep\n");
        b.append("#SBATCH --array=0-").append(tasks - 1).append(job.settings().jobs() > 0 ? "%" + job.settings().jobs() : "").append('\n');
        b.append("#SBATCH --output=").append(logs.resolve("slurm-%A_%a.log")).append('\n');
        for (String o : conf.options()) b.append("#SBATCH ").append(o).append('\n');
        b.append("set -u\n");
        if (conf.setup() != null) b.append(conf.setup().strip()).append('\n');
        b.append("tasks=(\n");
        List<Point> todo = job.todo();
        for (int t = 0; t < tasks; t++) {
            List<String> ids = new ArrayList<>();
            for (int i = t * perTask; i < Math.min(todo.size(), (t + 1) * perTask); i++) ids.add(todo.get(i).id());
            b.append("  \"").append(String.join(" ", ids)).append("\"\n");
        }
        b.append(")\n");
        List<String> jvm = new ArrayList<>();
        jvm.add("-XX:ActiveProcessorCount=${SLURM_CPUS_PER_TASK:-1}");
        jvm.add("-Djava.awt.headless=true");
        jvm.addAll(conf.javaOptions());
        List<String> args = new ArrayList<>(List.of("sweep-worker", dir.toString()));
        args.addAll(job.settings().runOptions());
        if (job.settings().retryFailed()) args.add("--retry-failed");
        JavaCommand java = job.settings().java();
        if (conf.java() != null) java = new JavaCommand(conf.java(), java.classPath(), java.mainClass());
        List<String> cmd = java.command(List.of(), args);
        // the JVM options go after java, unquoted where they hold ${...} for the shell
        StringBuilder line = new StringBuilder(conf.java() != null ? conf.java() : shell(cmd.get(0)));
        for (String o : jvm) line.append(' ').append(o.contains("${") ? "\"" + o + "\"" : shell(o));
        for (String a : cmd.subList(1, cmd.size())) line.append(' ').append(shell(a));
        b.append("echo \"task ${SLURM_ARRAY_TASK_ID} on $(hostname): points ${tasks[$SLURM_ARRAY_TASK_ID]}\"\n");
        b.append("printf '%s\\n' ${tasks[$SLURM_ARRAY_TASK_ID]} | ").append(line).append('\n');
        return b.toString();
    }

    /** A word for bash: as is when safe, else single-quoted. */
    static String shell(String s) {
        if (s.matches("[A-Za-z0-9_./:=,+@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The states squeue lists for the job's tasks; empty once the job has left the queue. */
    static List<String> queued(String job) {
        Result r;
        try {
            r = exec(List.of("squeue", "-h", "-j", job, "-o", "%T"), 60);
        } catch (UserError e) {
            return List.of(); // squeue gone: nothing to wait for
        }
        if (r.code != 0) return List.of(); // "Invalid job id": the job is long gone
        List<String> states = new ArrayList<>();
        for (String l : r.out.split("\n")) if (!l.isBlank()) states.add(l.strip());
        return states;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result exec(List<String> cmd, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("psiflux-slurm", ".out"), err = Files.createTempFile("psiflux-slurm", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new UserError("--engine slurm: " + cmd.get(0) + " did not answer within " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UserError("--engine slurm: cannot run " + cmd.get(0) + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("--engine slurm: interrupted while running " + cmd.get(0));
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "(no message)" : lines[lines.length - 1].strip();
    }

    /** The executable's path on the PATH, or null. */
    static Path which(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
