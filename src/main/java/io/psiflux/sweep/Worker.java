package io.psiflux.sweep;

import io.psiflux.io.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs points of a sweep one after the other in this JVM, as {@code psiflux run} would run each
 * alone (the same command line, in-process: one JVM start and one JIT warm-up for many points).
 * It reads point ids from its input, one or more per line, and says on its protocol stream
 * {@code psiflux-sweep-worker: start ID MODE} and {@code psiflux-sweep-worker: end ID CODE STATE}
 * (or {@code skip ID STATE}). Both engines use it: the local engine feeds a few workers through
 * their standard input, a Slurm array task pipes its share of ids into one.
 *
 * <p>Per point, from its folder's state ({@link PointStatus}): completed and running points are
 * skipped, interrupted ones resumed from their newest checkpoint ({@code --resume}, or
 * {@code --overwrite} without one), failed ones run again with {@code --overwrite} only when asked
 * (--retry-failed), pending ones run. The run's output is appended to the point's run.log;
 * point.json gets its exit code and seconds. A run stopped by SIGINT or SIGTERM (exit 130 or
 * 143) stops the worker too, with that code.
 */
public final class Worker {
    /** The prefix of protocol lines. */
    public static final String PREFIX = "psiflux-sweep-worker:";

    /** psiflux's command line, run in this process (Main.execute); returns the exit code. */
    public interface CommandLine {
        int execute(String... args);
    }

    private final Path sweepDir;
    private final List<String> runOptions;
    private final boolean retryFailed;
    private final CommandLine cli;
    private final PrintStream protocol;

    /**
     * @param sweepDir    the sweep's folder
     * @param runOptions  options every run gets (--backend, --device, --precision)
     * @param retryFailed run failed points again
     * @param cli         psiflux's command line
     * @param protocol    where the protocol lines go (the process's own standard output)
     */
    public Worker(Path sweepDir, List<String> runOptions, boolean retryFailed, CommandLine cli, PrintStream protocol) {
        this.sweepDir = sweepDir;
        this.runOptions = List.copyOf(runOptions);
        this.retryFailed = retryFailed;
        this.cli = cli;
        this.protocol = protocol;
    }

    /** Serves ids until the input ends; 0, or 130 or 143 when a signal stopped a run. */
    public int serve(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            for (String id : line.trim().split("\\s+")) {
                if (id.isEmpty()) continue;
                int code = point(id);
                if (code == 130 || code == 143) return code;
            }
        }
        return 0;
    }

    /** Runs (or skips) one point; returns the run's exit code (0 when skipped). */
    int point(String id) {
        Path dir = sweepDir.resolve("points").resolve(id);
        if (!id.matches("\\d+") || !Files.isRegularFile(dir.resolve(SweepFolder.POINT_CONFIG))) {
            say("end " + id + " 2 missing");
            return 2;
        }
        PointStatus s = PointStatus.read(dir);
        String flag;
        switch (s.state()) {
            case COMPLETED, RUNNING -> {
                say("skip " + id + " " + s.state().key());
                return 0;
            }
            case FAILED -> {
                if (!retryFailed) {
                    say("skip " + id + " " + s.state().key());
                    return 0;
                }
                flag = "--overwrite";
            }
            case INTERRUPTED -> flag = s.checkpoint() ? "--resume" : "--overwrite";
            default -> flag = null;
        }
        say("start " + id + " " + (flag == null ? "new" : flag.substring(2)));
        try {
            Files.deleteIfExists(dir.resolve(SweepFolder.POINT_RESULT));
        } catch (IOException ignored) {
            // an old point.json only supplements the summary the run rewrites
        }
        long t0 = System.nanoTime();
        String[] message = new String[1];
        int code = run(dir, flag, message);
        if (code == 0 && "--resume".equals(flag) && PointStatus.read(dir).state() != PointStatus.State.COMPLETED) {
            // the checkpoint was the run's last step (killed before its summary): run it again whole
            code = run(dir, "--overwrite", message);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("exit_code", code);
        result.put("seconds", (System.nanoTime() - t0) * 1e-9);
        result.put("finished", Instant.now().toString());
        result.put("host", host());
        result.put("message", message[0]);
        Json.write(dir.resolve(SweepFolder.POINT_RESULT), result);
        say("end " + id + " " + code + " " + PointStatus.read(dir).state().key());
        return code;
    }

    private int run(Path dir, String flag, String[] message) {
        List<String> args = new ArrayList<>(List.of("run", dir.resolve(SweepFolder.POINT_CONFIG).toString(), "--out", dir.toString()));
        args.addAll(runOptions);
        if (flag != null) args.add(flag);
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (OutputStream log = Files.newOutputStream(dir.resolve(SweepFolder.POINT_LOG), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
             PrintStream both = new PrintStream(new Tee(log, captured), true, StandardCharsets.UTF_8)) {
            both.println("==== " + Instant.now() + " psiflux sweep worker (pid " + ProcessHandle.current().pid() + " on " + host()
                    + "): psiflux " + String.join(" ", args));
            System.setOut(both);
            System.setErr(both);
            try {
                code = cli.execute(args.toArray(String[]::new));
            } catch (Throwable t) {
                // a bug in the run (or out of memory): this point failed, the worker goes on
                t.printStackTrace(both);
                code = 1;
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            both.println("==== exit code " + code);
        } catch (IOException e) {
            message[0] = "cannot write " + dir.resolve(SweepFolder.POINT_LOG) + ": " + e.getMessage();
            return 1;
        }
        message[0] = lastMessage(captured.toString(StandardCharsets.UTF_8));
        return code;
    }

    /** The last line the run said with "psiflux:" (its verdict), else its last line; null when it said nothing. */
    static String lastMessage(String text) {
        String last = null, lastPsiflux = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("==== ")) continue;
            last = l;
            if (l.startsWith("psiflux:")) lastPsiflux = l;
        }
        String m = lastPsiflux != null ? lastPsiflux.substring("psiflux:".length()).strip() : last;
        return m == null || m.length() <= 400 ? m : m.substring(0, 400) + "...";
    }

    private void say(String what) {
        protocol.println(PREFIX + " " + what);
        protocol.flush();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a, b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    /** A protocol line, parsed: kind (start, end, skip), id, and the rest. */
    record Line(String kind, String id, String rest) {
        static Line parse(String text) {
            if (text == null || !text.startsWith(PREFIX)) return null;
            String[] parts = text.substring(PREFIX.length()).strip().split("\\s+", 3);
            if (parts.length < 2) return null;
            return new Line(parts[0], parts[1], parts.length > 2 ? parts[2] : "");
        }

        /** The exit code of an end line, or -1. */
        int code() {
            try {
                return Integer.parseInt(rest.split("\\s+")[0]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
