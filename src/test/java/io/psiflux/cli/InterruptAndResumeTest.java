package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs stopped by real signals in a real process: kill -9, SIGINT and SIGTERM. A run resumed from
 * its newest checkpoint ends with the uninterrupted run's final psi bit for bit (CPU backend) and
 * an observables.csv with every output step exactly once; an interrupted run exits 130 or 143
 * with status "interrupted" in its summary and no temporary file left.
 */
class InterruptAndResumeTest {

    @TempDir
    Path tmp;

    private static final String REAL_TIME = """
            [grid]
            points = [128, 128]
            extent = [[-10.0, 10.0], [-10.0, 10.0]]
            [potential]
            expression = "0.5*(x^2 + y^2)"
            [initial]
            type = "gaussian"
            center = [3.0, 0.0]
            sigma = [0.7071067811865476, 0.7071067811865476]
            momentum = [0.0, 3.0]
            [time]
            dt = 0.005
            steps = 6000
            [output]
            every = 500
            fields = ["psi"]
            [checkpoint]
            every = 250
            """;

    private Path config(String text) throws IOException {
        Path f = tmp.resolve("run.toml");
        Files.writeString(f, text);
        return f;
    }

    /** psiflux run in a child JVM on the CPU backend. */
    private static Process launch(Path config, Path out, String... extra) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        // a test run from a background job inherits SIGINT ignored (POSIX), and a JVM leaves an
        // ignored signal ignored: restore the default first, as an interactive shell would have it
        if (Files.isExecutable(Path.of("/usr/bin/env"))) cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT,TERM"));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", cp, "io.psiflux.cli.Main", "run", config.toString(), "--out", out.toString(), "--backend", "cpu"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
                .start();
    }

    /** Waits until a checkpoint folder satisfying {@code ready} exists (the run is under way). */
    private static void awaitCheckpoint(Path out, Process p, Predicate<Path> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the run ended before it could be interrupted");
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.anyMatch(c -> c.getFileName().toString().startsWith("checkpoint_") && Files.exists(c.resolve("meta.json"))
                            && ready.test(c))) return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no checkpoint appeared in " + out);
    }

    private static void signal(Process p, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor(), "kill -" + sig);
    }

    private static String summary(Path out) throws IOException {
        return Files.readString(out.resolve("summary.json"));
    }

    private static void noTemporaries(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> tmps = s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
            assertTrue(tmps.isEmpty(), "temporary files left: " + tmps);
        }
    }

    private static List<Long> steps(Path csv) throws IOException {
        List<Long> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String l : lines.subList(1, lines.size())) out.add(Long.parseLong(l.split(",")[0]));
        return out;
    }

    private static void sameAsUninterrupted(Path ref, Path out, long lastStep, int every) throws IOException {
        assertArrayEquals(Files.readAllBytes(ref.resolve(String.format("psi_%06d.npy", lastStep))),
                Files.readAllBytes(out.resolve(String.format("psi_%06d.npy", lastStep))), "the final psi, bit for bit");
        List<Long> want = new ArrayList<>();
        for (long s = 0; s <= lastStep; s += every) want.add(s);
        assertEquals(want, steps(out.resolve("observables.csv")), "every output step exactly once");
        assertEquals(Files.readAllLines(ref.resolve("observables.csv")), Files.readAllLines(out.resolve("observables.csv")),
                "the same table");
    }

    @Test
    void killNineThenResumeEndsBitForBitAsTheUninterruptedRun() throws Exception {
        Path cfg = config(REAL_TIME), ref = tmp.resolve("ref"), out = tmp.resolve("killed");
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", ref.toString(), "--backend", "cpu").code());
        Process p = launch(cfg, out);
        // killed as soon as the checkpoint at an output step exists: its row must be on disk already
        awaitCheckpoint(out, p, c -> c.getFileName().toString().equals("checkpoint_000500"));
        p.destroyForcibly().waitFor();
        assertTrue(summary(out).contains("\"status\": \"running\""), "a killed run's summary still says running");
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--resume");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resuming at step"), r.out());
        assertTrue(summary(out).contains("\"status\": \"completed\""));
        sameAsUninterrupted(ref, out, 6000, 500);
        noTemporaries(out);
    }

    @Test
    void sigintAndSigtermStopAfterAStepWithASummaryAndACheckpoint() throws Exception {
        Path cfg = config(REAL_TIME), ref = tmp.resolve("ref");
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", ref.toString(), "--backend", "cpu").code());
        for (String[] sig : new String[][] {{"INT", "130"}, {"TERM", "143"}}) {
            Path out = tmp.resolve("stopped-" + sig[0]);
            Process p = launch(cfg, out);
            awaitCheckpoint(out, p, c -> true);
            signal(p, sig[0]);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run stops");
            String log = Files.readString(out.resolveSibling(out.getFileName() + ".log"));
            assertEquals(Integer.parseInt(sig[1]), p.exitValue(), "exit code after SIG" + sig[0] + ": " + log);
            assertTrue(log.contains("interrupted by SIG" + sig[0]) && log.contains("--resume"), log);
            assertFalse(log.contains("Exception"), log);
            assertTrue(summary(out).contains("\"status\": \"interrupted\""), summary(out));
            noTemporaries(out);
            List<Long> rows = steps(out.resolve("observables.csv"));
            for (int i = 0; i < rows.size(); i++) assertEquals(500L * i, rows.get(i), "whole rows, in order");
            CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--resume");
            assertEquals(0, r.code(), r.err());
            sameAsUninterrupted(ref, out, 6000, 500);
        }
    }

    @Test
    void anImaginaryTimeRunKilledInItsSecondStateResumesToTheSameStates() throws Exception {
        Path cfg = config("""
                [grid]
                points = [64, 64]
                extent = [[-8.0, 8.0], [-8.0, 8.0]]
                [potential]
                expression = "0.5*(x^2 + 2.25*y^2)"
                [initial]
                type = "gaussian"
                center = [0.3, -0.2]
                sigma = [1.0, 1.0]
                [time]
                dt = 0.01
                steps = 5000
                imaginary = true
                states = 3
                [output]
                every = 100
                [checkpoint]
                every = 50
                """);
        Path ref = tmp.resolve("ref"), out = tmp.resolve("killed");
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", ref.toString(), "--backend", "cpu").code());
        Process p = launch(cfg, out);
        awaitCheckpoint(out, p, c -> {
            try {
                return Files.readString(c.resolve("meta.json")).contains("\"state\": 1");
            } catch (IOException e) {
                return false;
            }
        });
        p.destroyForcibly().waitFor();
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--resume");
        assertEquals(0, r.code(), r.err());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(Files.readAllBytes(ref.resolve("state_" + k + ".npy")), Files.readAllBytes(out.resolve("state_" + k + ".npy")),
                    "state " + k + ", bit for bit");
        }
        assertEquals(Files.readAllLines(ref.resolve("observables.csv")), Files.readAllLines(out.resolve("observables.csv")));
        noTemporaries(out);
    }

    @Test
    void resumeRefusesAnotherConfigNamingTheKey() throws Exception {
        Path cfg = config(REAL_TIME.replace("steps = 6000", "steps = 600")), out = tmp.resolve("run");
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu").code());
        Files.writeString(cfg, REAL_TIME.replace("steps = 6000", "steps = 600").replace("dt = 0.005", "dt = 0.004"));
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--resume");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("time.dt is 0.004") && r.err().contains("0.005"), r.err());
        // time.steps may grow: the run goes on from its final checkpoint
        Files.writeString(cfg, REAL_TIME.replace("steps = 6000", "steps = 1000"));
        r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--resume");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resuming at step 600"), r.out());
        assertEquals(List.of(0L, 500L, 600L, 1000L), steps(out.resolve("observables.csv")));
    }
}
