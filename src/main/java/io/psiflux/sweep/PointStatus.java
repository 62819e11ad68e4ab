package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.psiflux.io.RunFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one point stands, read from its folder alone (so any engine, and --collect, agree): the
 * run's summary.json, its lock, and {@value SweepFolder#POINT_RESULT}, which the worker writes
 * when the run's process part ends (exit code, seconds, last message).
 *
 * <table>
 *   <tr><th>found</th><th>state</th></tr>
 *   <tr><td>status completed</td><td>COMPLETED</td></tr>
 *   <tr><td>status failed</td><td>FAILED (the summary's reason)</td></tr>
 *   <tr><td>status interrupted</td><td>INTERRUPTED</td></tr>
 *   <tr><td>status running, its lock held by a live process</td><td>RUNNING</td></tr>
 *   <tr><td>status running, lock gone, the run returned an exit code other than 130/143</td><td>FAILED (a crash)</td></tr>
 *   <tr><td>status running, lock gone otherwise (kill -9, a node lost)</td><td>INTERRUPTED</td></tr>
 *   <tr><td>no summary, the run returned an exit code</td><td>FAILED (e.g. refused, with its message)</td></tr>
 *   <tr><td>no summary, run files present</td><td>INTERRUPTED</td></tr>
 *   <tr><td>nothing yet</td><td>PENDING</td></tr>
 * </table>
 *
 * @param state      the state
 * @param reason     why it failed, or null
 * @param summary    summary.json as read, or null
 * @param checkpoint true when the folder holds a checkpoint to resume from
 * @param seconds    wall seconds of the run (the worker's count, else the summary's started to finished), or NaN
 */
public record PointStatus(State state, String reason, JsonNode summary, boolean checkpoint, double seconds) {

    /** A point's state; the names are the status column of sweep.csv. */
    public enum State {
        PENDING, RUNNING, INTERRUPTED, COMPLETED, FAILED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the state of the point whose run folder is {@code dir}. Never throws. */
    public static PointStatus read(Path dir) {
        JsonNode summary = json(dir.resolve("summary.json"));
        JsonNode result = json(dir.resolve(SweepFolder.POINT_RESULT));
        boolean checkpoint = hasCheckpoint(dir);
        double seconds = result != null && result.path("seconds").isNumber() ? result.path("seconds").asDouble() : elapsed(summary);
        Integer code = result != null && result.path("exit_code").isInt() ? result.path("exit_code").asInt() : null;
        String message = result == null ? null : result.path("message").asText(null);
        if (summary != null) {
            String status = summary.path("status").asText("");
            switch (status) {
                case "completed":
                    return new PointStatus(State.COMPLETED, null, summary, checkpoint, seconds);
                case "failed":
                    return new PointStatus(State.FAILED, summary.path("reason").asText("the run failed"), summary, checkpoint, seconds);
                case "interrupted":
                    return new PointStatus(State.INTERRUPTED, null, summary, checkpoint, seconds);
                default:
                    if (RunFolder.lockHeld(dir)) return new PointStatus(State.RUNNING, null, summary, checkpoint, seconds);
                    if (code != null && code != 130 && code != 143 && code != 0) {
                        return new PointStatus(State.FAILED, crashed(code, message), summary, checkpoint, seconds);
                    }
                    return new PointStatus(State.INTERRUPTED, null, summary, checkpoint, seconds);
            }
        }
        if (RunFolder.lockHeld(dir)) return new PointStatus(State.RUNNING, null, null, checkpoint, seconds);
        if (code != null && code != 0 && code != 130 && code != 143) {
            return new PointStatus(State.FAILED, crashed(code, message), null, checkpoint, seconds);
        }
        return new PointStatus(hasRunFiles(dir) ? State.INTERRUPTED : State.PENDING, null, null, checkpoint, seconds);
    }

    private static String crashed(int code, String message) {
        return "psiflux run ended with exit code " + code + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static JsonNode json(Path p) {
        try {
            return JSON.readTree(Files.readString(p));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable (being replaced this instant is impossible: writes are atomic) counts as absent
        }
    }

    private static double elapsed(JsonNode summary) {
        if (summary == null || !summary.hasNonNull("started") || !summary.hasNonNull("finished")) return Double.NaN;
        try {
            return Duration.between(Instant.parse(summary.get("started").asText()), Instant.parse(summary.get("finished").asText()))
                    .toNanos() * 1e-9;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static boolean hasCheckpoint(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "checkpoint_*")) {
            for (Path c : s) if (Files.isRegularFile(c.resolve("meta.json"))) return true;
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean hasRunFiles(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) if (RunFolder.isRunFile(p.getFileName().toString())) return true;
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
