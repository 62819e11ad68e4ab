package io.psiflux.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import io.psiflux.sim.Checkpoint;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's checkpoints (public contract): a folder {@code checkpoint_NNNNNN} per checkpoint (the
 * step, 6 digits or more) holding {@code meta.json} (the clock, the run's named values, the
 * identity of the run that wrote it: config, precision, backend) and one {@code .npy} per named
 * field ({@code psi.npy}, {@code state_K.npy}, ...), readable with numpy. A checkpoint is written
 * into a hidden temporary folder and renamed into place, so it is there whole or not at all, and
 * only the newest {@code keep} are kept.
 */
public final class CheckpointFiles {
    private static final Pattern NAME = Pattern.compile("checkpoint_(\\d{6,})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int keep;
    private final Map<String, Object> identity;

    /**
     * @param dir      the run folder
     * @param keep     how many checkpoints to keep, >= 1
     * @param identity what a resumed run must match (config keys, precision, ...), stored in each
     */
    public CheckpointFiles(Path dir, int keep, Map<String, Object> identity) {
        if (keep < 1) throw new IllegalArgumentException("keep at least one checkpoint, got " + keep);
        this.dir = dir;
        this.keep = keep;
        this.identity = new LinkedHashMap<>(identity);
    }

    /** The folder name of the checkpoint at a step. */
    public static String name(long step) {
        return String.format("checkpoint_%06d", step);
    }

    /** Writes a checkpoint, whole or not at all, then removes all but the newest {@code keep}. */
    public void write(Checkpoint c) {
        Path target = dir.resolve(name(c.step()));
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        try {
            Files.createDirectory(tmp);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", "psiflux checkpoint 1");
            meta.put("step", c.step());
            meta.put("time", c.time());
            meta.put("seconds_stepping", c.secondsStepping());
            meta.put("values", c.values());
            meta.put("fields", new ArrayList<>(c.fields().keySet()));
            meta.put("run", identity);
            for (Map.Entry<String, ComplexField> f : c.fields().entrySet()) Npy.write(tmp.resolve(f.getKey() + ".npy"), f.getValue());
            Json.write(tmp.resolve("meta.json"), meta);
            if (Files.exists(target)) deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UserError(target + ": cannot write the checkpoint (" + AtomicFiles.describe(e) + ")", e);
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
        List<Path> all = list(dir);
        for (int i = 0; i + keep < all.size(); i++) deleteQuietly(all.get(i));
    }

    /** The checkpoint folders of a run folder, oldest first. */
    public static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) if (NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) out.add(p);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list checkpoints (" + AtomicFiles.describe(e) + ")");
        }
        out.sort(Comparator.comparingLong(CheckpointFiles::step));
        return out;
    }

    private static long step(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A checkpoint as read back, with the identity of the run that wrote it. */
    public record Stored(Path folder, Checkpoint checkpoint, JsonNode run) {
    }

    /**
     * The newest checkpoint of a run folder, its fields on {@code grid} in {@code precision}, or
     * null when there is none. A damaged one is a {@link UserError} naming it.
     */
    public static Stored newest(Path dir, Grid grid, Precision precision) {
        List<Path> all = list(dir);
        if (all.isEmpty()) return null;
        Path folder = all.get(all.size() - 1);
        try {
            JsonNode meta = JSON.readTree(folder.resolve("meta.json").toFile());
            Map<String, Object> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.get("values").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                values.put(e.getKey(), value(e.getValue()));
            }
            Map<String, ComplexField> fields = new LinkedHashMap<>();
            for (JsonNode f : meta.get("fields")) {
                Path p = folder.resolve(f.asText() + ".npy");
                fields.put(f.asText(), Npy.toComplexField(Npy.read(p), grid, precision, p.toString()));
            }
            Checkpoint c = new Checkpoint(meta.get("step").asLong(), meta.get("time").asDouble(),
                    meta.get("seconds_stepping").asDouble(), values, fields);
            return new Stored(folder, c, meta.get("run"));
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) throw u;
            throw new UserError(folder + ": not a readable psiflux checkpoint (" + e.getMessage() + ")");
        }
    }

    private static Object value(JsonNode n) {
        if (n.isArray()) {
            double[] d = new double[n.size()];
            for (int i = 0; i < d.length; i++) d[i] = n.get(i).isNull() ? Double.NaN : n.get(i).asDouble();
            return d;
        }
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNull()) return Double.NaN;
        return n.asDouble();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException ignored) {
            // left for the next --overwrite
        }
    }
}
