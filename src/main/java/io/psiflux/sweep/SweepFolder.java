package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.psiflux.UserError;
import io.psiflux.io.AtomicFiles;
import io.psiflux.io.Json;
import io.psiflux.io.RunFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A sweep's folder (public contract, docs/sweep.md):
 * <pre>
 * DIR/sweep.json            what the sweep is (its file, base, points, columns; the Slurm job)
 * DIR/sweep.csv             one row per point
 * DIR/sweep.png             the plot, when one is asked for
 * DIR/points/NNNN/          a normal run folder per point, plus
 *                 point.toml   its whole config (file paths absolute): psiflux run can rerun it alone
 *                 run.log      what its runs printed
 *                 point.json   the exit code and seconds of its last run
 * DIR/logs/                 the workers' and Slurm tasks' own output
 * DIR/slurm/sweep.sbatch    the array script (Slurm engine)
 * </pre>
 * A folder holds one sweep: opening it with a plan whose points' configs differ from the
 * point.toml files already there is refused, naming the point and the key. The lock
 * ({@link RunFolder}'s, with host and pid) keeps two sweep commands out of one folder at once;
 * each point's run takes its own folder's lock.
 */
public final class SweepFolder implements AutoCloseable {
    /** A point's config file, beside its run's files (a name psiflux run does not claim). */
    public static final String POINT_CONFIG = "point.toml";
    /** A point's last run as its worker saw it: exit code, seconds, last message. */
    public static final String POINT_RESULT = "point.json";
    /** A point's runs' output. */
    public static final String POINT_LOG = "run.log";

    private final Path dir;
    private final RunFolder lock;

    private SweepFolder(Path dir, RunFolder lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * Checks that {@code out} holds nothing but this plan's sweep (read only: a refusal writes
     * nothing), then locks it and writes sweep.json and the points' configs that are missing.
     */
    public static SweepFolder open(String out, Plan plan, Consumer<String> notes) {
        Path dir = check(out, plan);
        RunFolder lock = RunFolder.open(out, RunFolder.Mode.RESUME, "--out", notes);
        SweepFolder f = new SweepFolder(dir, lock);
        try {
            f.writePoints(plan);
            return f;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens an existing sweep folder to read it (--collect, a worker): it must hold this kind of
     * folder; nothing is locked or written.
     */
    public static SweepFolder existing(Path dir) {
        return new SweepFolder(dir, null);
    }

    /** Refuses a folder that holds a run, or another sweep; returns the folder's path. */
    static Path check(String out, Plan plan) {
        if (out == null || out.isBlank()) throw new UserError("--out: the output folder is empty; give a path");
        Path dir = Path.of(out);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError("--out: " + dir + " exists and is not a folder");
        if (!Files.isDirectory(dir)) return dir;
        if (Files.exists(dir.resolve("summary.json")) || Files.exists(dir.resolve("observables.csv"))) {
            throw new UserError("--out: " + dir + " holds a run (summary.json), not a sweep; choose another folder");
        }
        Path points = dir.resolve("points");
        if (!Files.isDirectory(points)) return dir;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(points)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                int index = name.matches("\\d{4,}") ? Integer.parseInt(name) : -1;
                if (index < 0 || index >= plan.points().size() || !plan.points().get(index).id().equals(name)) {
                    throw new UserError("--out: " + dir + " holds another sweep: it has a point " + name + ", this sweep has "
                            + plan.points().size() + " points (" + plan.points().get(0).id() + " to "
                            + plan.points().get(plan.points().size() - 1).id() + "); choose another folder");
                }
                Path config = p.resolve(POINT_CONFIG);
                if (!Files.isRegularFile(config)) continue;
                String differs = differs(SweepFile.parse(config), plan.points().get(index).config());
                if (differs != null) {
                    throw new UserError("--out: " + dir + " holds another sweep: point " + name + " there has " + differs
                            + "; choose another folder, or sweep with the same file and base");
                }
            }
        } catch (IOException e) {
            throw new UserError("--out: cannot read " + points + " (" + AtomicFiles.describe(e) + ")");
        }
        return dir;
    }

    /** The first key whose value differs, as "KEY = A, this sweep B", or null when the trees are equal. */
    private static String differs(JsonNode there, JsonNode here) {
        Map<String, String> a = flatten(there), b = flatten(here);
        for (Map.Entry<String, String> e : a.entrySet()) {
            String now = b.get(e.getKey());
            if (!e.getValue().equals(now)) return e.getKey() + " = " + e.getValue() + ", this sweep " + (now == null ? "none" : now);
        }
        for (Map.Entry<String, String> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) return "no " + e.getKey() + ", this sweep " + e.getValue();
        }
        return null;
    }

    private static Map<String, String> flatten(JsonNode n) {
        return io.psiflux.config.ConfigLoader.flatten(n, SweepFolder::canonical);
    }

    /** A value as text that is equal for equal values: floats by value (TOML's 1.0 reads as BigDecimal 1, a sweep's as 1.0). */
    private static String canonical(JsonNode n) {
        if (n.isFloatingPointNumber()) return Double.toString(n.asDouble());
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode x : n) items.add(canonical(x));
            return "[" + String.join(", ", items) + "]";
        }
        return n.toString();
    }

    private void writePoints(Plan plan) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("sweep", plan.file().source().toAbsolutePath());
        about.put("base", plan.file().base().toAbsolutePath());
        about.put("mode", plan.file().product() ? "product" : "zip");
        about.put("points", plan.points().size());
        about.put("columns", plan.columns().all());
        JsonNode old = readJson(dir.resolve("sweep.json"));
        about.put("created", old != null && old.hasNonNull("created") ? old.get("created").asText() : Instant.now().toString());
        if (old != null && old.has("slurm_jobs")) about.put("slurm_jobs", old.get("slurm_jobs"));
        Json.write(dir.resolve("sweep.json"), about);
        for (Point p : plan.points()) {
            Path pd = pointDir(p);
            Path config = pd.resolve(POINT_CONFIG);
            if (Files.isRegularFile(config)) continue;
            try {
                Files.createDirectories(pd);
            } catch (IOException e) {
                throw new UserError("--out: cannot create " + pd + " (" + AtomicFiles.describe(e) + ")");
            }
            AtomicFiles.writeString(config, plan.toml(p, pd));
        }
    }

    /** Records a Slurm job in sweep.json (so a rerun can tell it is still queued). */
    public void addSlurmJob(String jobId) {
        JsonNode old = readJson(dir.resolve("sweep.json"));
        Map<String, Object> about = new LinkedHashMap<>();
        List<String> jobs = new ArrayList<>();
        if (old != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("slurm_jobs")) about.put(e.getKey(), e.getValue());
            }
            for (JsonNode j : old.path("slurm_jobs")) jobs.add(j.asText());
        }
        jobs.add(jobId);
        about.put("slurm_jobs", jobs);
        Json.write(dir.resolve("sweep.json"), about);
    }

    /** The Slurm jobs this sweep submitted, oldest first. */
    public List<String> slurmJobs() {
        List<String> jobs = new ArrayList<>();
        JsonNode old = readJson(dir.resolve("sweep.json"));
        if (old != null) for (JsonNode j : old.path("slurm_jobs")) jobs.add(j.asText());
        return jobs;
    }

    static JsonNode readJson(Path p) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(p));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Path dir() {
        return dir;
    }

    /** The run folder of a point. */
    public Path pointDir(Point p) {
        return pointDir(p.id());
    }

    public Path pointDir(String id) {
        return dir.resolve("points").resolve(id);
    }

    /** DIR/logs/, created. */
    Path logs() {
        Path l = dir.resolve("logs");
        try {
            Files.createDirectories(l);
        } catch (IOException e) {
            throw new UserError("--out: cannot create " + l + " (" + AtomicFiles.describe(e) + ")");
        }
        return l;
    }

    @Override
    public void close() {
        if (lock != null) lock.close();
    }
}
