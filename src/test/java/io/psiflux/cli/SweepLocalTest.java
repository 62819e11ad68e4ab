package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.scattering.Eckart;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psiflux sweep on the local engine, end to end through the command line (worker JVMs and all):
 * a three-point Eckart sweep against the exact packet-averaged transmission, a rerun that skips
 * what is done, a failing point reported while the others run, an interrupted point resumed bit
 * for bit, and a real SIGTERM to the sweep.
 */
class SweepLocalTest {
    /** The Eckart sample's barrier and packet: V0 = 2, a = 1, sigma = 3, hbar = m = 1. */
    static final double V0 = 2, A = 1, SIGMA = 3;

    @TempDir
    Path tmp;

    static String eckartSweep(Path base, String values) {
        return "[sweep]\nbase = \"" + base.toAbsolutePath() + "\"\nunset = [\"flux[0].expect\", \"flux[1].expect\"]\n"
                + "[[parameter]]\nkey = \"initial.momentum[0]\"\nname = \"p\"\nvalues = " + values + "\n";
    }

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** A small 1D packet in a potential, 100 steps: a point that costs little. */
    static final String SMALL = """
            [grid]
            points = [256]
            extent = [[-20.0, 20.0]]
            [potential]
            expression = "0.5*x^2"
            [initial]
            type = "gaussian"
            sigma = [1.0]
            momentum = [1.0]
            [time]
            dt = 0.01
            steps = 100
            [output]
            every = 50
            fields = []
            """;

    @Test
    void threePointEckartSweepGivesTheExactTransmissionAndARerunSkipsEverything() throws Exception {
        Path sweep = write("eckart3.toml", eckartSweep(Path.of("samples/eckart-tunnelling-1d.toml"), "[1.5, 2.0, 2.5]"));
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu", "--jobs", "2",
                "--plot", "through_right:p");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("sweep: 3/3 completed"), "one progress line for the sweep: " + r.err());
        assertEquals(List.of("point", "p", "norm", "energy", "absorbed", "through_left", "through_right", "status", "seconds"),
                SweepCsv.header(out.resolve("sweep.csv")));
        List<Map<String, String>> rows = SweepCsv.read(out.resolve("sweep.csv"));
        assertEquals(3, rows.size());
        double[] ps = {1.5, 2.0, 2.5};
        for (int i = 0; i < 3; i++) {
            Map<String, String> row = rows.get(i);
            assertEquals(String.format("%04d", i), row.get("point"));
            assertEquals(ps[i], Double.parseDouble(row.get("p")), 0.0);
            assertEquals("completed", row.get("status"));
            double t = Double.parseDouble(row.get("through_right")), refl = -Double.parseDouble(row.get("through_left"));
            double exact = Eckart.averaged(ps[i], SIGMA, V0, A, 1, 1);
            System.out.printf("sweep point p = %.1f: T = %.6f, exact packet-averaged %.6f, difference %.1e%n", ps[i], t, exact, t - exact);
            assertEquals(exact, t, 2e-4, "transmission at p = " + ps[i]);
            assertEquals(1.0, t + refl, 1e-4, "T + R at p = " + ps[i]);
            assertEquals(1 - Double.parseDouble(row.get("norm")), Double.parseDouble(row.get("absorbed")), 1e-15);
            assertTrue(Double.parseDouble(row.get("seconds")) > 0);
        }
        // the transmissions increase with the energy, as they must, and span the barrier top
        assertTrue(Double.parseDouble(rows.get(0).get("through_right")) < 0.2 && Double.parseDouble(rows.get(2).get("through_right")) > 0.9);

        // each point is a normal run folder whose config reruns alone, giving the same numbers
        Path p1 = out.resolve("points/0001");
        String config = Files.readString(p1.resolve("point.toml"));
        assertTrue(config.contains("momentum = [2.0]") && !config.contains("expect"), config);
        assertTrue(config.contains("psiflux run " + p1.toAbsolutePath().resolve("point.toml")), "the header says how to rerun it");
        assertTrue(Files.readString(p1.resolve("summary.json")).contains(p1.toAbsolutePath().resolve("point.toml").toString()));
        Path alone = tmp.resolve("alone");
        CliRunner.Result a = CliRunner.run("run", p1.resolve("point.toml").toString(), "--out", alone.toString(), "--backend", "cpu");
        assertEquals(0, a.code(), a.err());
        assertEquals(Double.parseDouble(rows.get(1).get("through_right")), through(alone, "right"), 1e-12);

        BufferedImage png = ImageIO.read(out.resolve("sweep.png").toFile());
        assertEquals(1000, png.getWidth());
        assertEquals(650, png.getHeight());

        // a rerun of the same command skips every point: no run touches its folder
        Map<Path, String> before = summaries(out);
        Thread.sleep(20);
        CliRunner.Result again = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu", "--jobs", "2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("3 completed; nothing to run"), again.out());
        assertEquals(before, summaries(out), "completed points are not run again");
        assertEquals(rows, SweepCsv.read(out.resolve("sweep.csv")));
        for (int i = 0; i < 3; i++) {
            String log = Files.readString(out.resolve(String.format("points/%04d/run.log", i)));
            assertEquals(1, count(log, "==== exit code"), "one run of point " + i + ": " + log);
        }
    }

    @Test
    void aFailingPointIsReportedAndDoesNotStopTheOthers() throws Exception {
        Path base = write("small.toml", SMALL);
        // the middle potential has a pole at t = 0.045: that run ends with NaN, status failed
        Path sweep = write("pot.toml", "[sweep]\nbase = \"small.toml\"\n[[parameter]]\nkey = \"potential.expression\"\n"
                + "values = [\"0.5*x^2\", \"1/(t-0.045)*x^2\", \"0.1*x^2\"]\n");
        Path out = tmp.resolve("pot");
        CliRunner.Result r = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu", "--jobs", "1");
        assertEquals(4, r.code(), r.out() + r.err());
        List<Map<String, String>> rows = SweepCsv.read(out.resolve("sweep.csv"));
        assertEquals(List.of("completed", "failed", "completed"), rows.stream().map(m -> m.get("status")).toList());
        assertTrue(r.err().contains("point 0001 (potential.expression = \"1/(t-0.045)*x^2\") failed:") && r.err().contains("NaN"),
                r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("failed:")).count(), r.err());
        assertEquals("", rows.get(1).get("energy"), "no results for a failed point");
        // the others ran to the end: a Gaussian (sigma = 1, p0 = 1) in V = k x^2 keeps
        // E = (p0^2 + sigma_p^2) / 2 + k sigma^2 with sigma_p = 1/2, up to the Strang splitting's
        // O(dt^2) = 1e-4 energy oscillation (it conserves a shadow Hamiltonian, not H itself)
        assertEquals(0.625 + 0.5, Double.parseDouble(rows.get(0).get("energy")), 1e-5);
        assertEquals(0.625 + 0.1, Double.parseDouble(rows.get(2).get("energy")), 1e-5);
        assertEquals(1.0, Double.parseDouble(rows.get(2).get("norm")), 1e-12);
        assertTrue(Files.readString(out.resolve("points/0001/summary.json")).contains("\"status\": \"failed\""));

        // a rerun leaves the failed point alone; --retry-failed runs it (only it) again
        String failedSummary = Files.readString(out.resolve("points/0001/summary.json"));
        CliRunner.Result again = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(4, again.code(), again.err());
        assertTrue(again.out().contains("nothing to run") && again.out().contains("--retry-failed"), again.out());
        assertEquals(failedSummary, Files.readString(out.resolve("points/0001/summary.json")));
        Map<Path, String> before = summaries(out);
        CliRunner.Result retry = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu", "--retry-failed");
        assertEquals(4, retry.code(), retry.err());
        assertTrue(retry.out().contains("1 to run"), retry.out());
        assertEquals(2, count(Files.readString(out.resolve("points/0001/run.log")), "==== exit code 4"), "run again");
        assertEquals(before.get(out.resolve("points/0000/summary.json")), Files.readString(out.resolve("points/0000/summary.json")));
        assertEquals(1, count(Files.readString(out.resolve("points/0000/run.log")), "==== exit code"));
    }

    @Test
    void aBadValueRefusesTheWholeSweepUpFrontNamingThePointAndTheKey() throws Exception {
        write("small.toml", SMALL);
        // the third of four points has a negative time step: nothing may run, not even the first two
        Path sweep = write("dt.toml", "[sweep]\nbase = \"small.toml\"\n[[parameter]]\nkey = \"time.dt\"\n"
                + "values = [0.01, 0.02, -0.01, 0.03]\n");
        Path out = tmp.resolve("dt");
        CliRunner.Result r = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("point 0002 (time.dt = -0.01)") && lines.get(0).contains("time.dt"), lines.get(0));
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(out), "nothing written");

        // a key the base does not take, and a value of the wrong type, are refused the same way
        Path typo = write("typo.toml", "[sweep]\nbase = \"small.toml\"\n[[parameter]]\nkey = \"time.stpes\"\nvalues = [10, 20]\n");
        CliRunner.Result t = CliRunner.run("sweep", typo.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, t.code(), t.err());
        assertEquals(1, t.err().lines().count(), t.err());
        assertTrue(t.err().contains("point 0000") && t.err().contains("stpes"), t.err());
        Path type = write("type.toml", "[sweep]\nbase = \"small.toml\"\n[[parameter]]\nkey = \"grid.points[0]\"\n"
                + "values = [128, \"many\"]\n");
        CliRunner.Result u = CliRunner.run("sweep", type.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, u.code(), u.err());
        assertEquals(1, u.err().lines().count(), u.err());
        assertTrue(u.err().contains("point 0001") && u.err().contains("grid.points"), u.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aPointLeftRunningByAKilledSweepIsResumedFromItsCheckpointBitForBit() throws Exception {
        Path base = write("eckart-ck.toml", Files.readString(Path.of("samples/eckart-tunnelling-1d.toml"))
                + "\n[checkpoint]\nevery = 1000\nkeep = 2\n");
        Path sweep = write("ck.toml", eckartSweep(base, "[2.0, 2.5]"));
        Path out = tmp.resolve("ck");
        CliRunner.Result r = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu", "--jobs", "2");
        assertEquals(0, r.code(), r.err());
        String done = SweepCsv.read(out.resolve("sweep.csv")).get(1).get("through_right");

        // as a kill -9 leaves it: status running, the lock of a process that is gone, the run's
        // newest checkpoint not yet written
        Path p = out.resolve("points/0001");
        Files.writeString(p.resolve("summary.json"), Files.readString(p.resolve("summary.json"))
                .replace("\"status\": \"completed\"", "\"status\": \"running\""));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(p.resolve(".psiflux.lock"), InetAddress.getLocalHost().getHostName() + " " + gone.pid() + " 2024-01-01T00:00:00Z\n");
        deleteTree(p.resolve("checkpoint_006000"));
        assertTrue(Files.isDirectory(p.resolve("checkpoint_005000")));

        CliRunner.Result again = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("1 completed, 1 interrupted; 1 to run"), again.out());
        String log = Files.readString(p.resolve("run.log"));
        assertTrue(log.contains("--resume") && log.contains("resuming at step 5000"), log);
        List<Map<String, String>> rows = SweepCsv.read(out.resolve("sweep.csv"));
        assertEquals("completed", rows.get(1).get("status"));
        assertEquals(done, rows.get(1).get("through_right"), "the resumed run ends bit for bit where the whole one did");
    }

    @Test
    void sigtermStopsTheSweepAfterTheStepsInFlightAndARerunResumes() throws Exception {
        Path base = write("long.toml", SMALL.replace("steps = 100", "steps = 60000").replace("every = 50", "every = 20000")
                + "[checkpoint]\nevery = 2000\n");
        Path sweep = write("long-sweep.toml", "[sweep]\nbase = \"long.toml\"\n[[parameter]]\nkey = \"initial.momentum[0]\"\n"
                + "values = [0.5, 1.0]\n");
        Path out = tmp.resolve("long");
        Process p = SweepProcess.start(sweep, out, tmp.resolve("long.log"), Map.of(), "--backend", "cpu", "--jobs", "2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(checkpointed(out.resolve("points/0000")) && checkpointed(out.resolve("points/0001")))) {
            assertTrue(p.isAlive(), "the sweep ended before it could be stopped: " + Files.readString(tmp.resolve("long.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoints within 120 s");
            Thread.sleep(50);
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the sweep stops");
        String said = Files.readString(tmp.resolve("long.log"));
        assertEquals(143, p.exitValue(), said);
        assertTrue(said.contains("sweep interrupted by SIGTERM"), said);
        List<String> stopped = SweepCsv.read(out.resolve("sweep.csv")).stream().map(m -> m.get("status")).toList();
        // on a loaded machine one point may reach its end between the other's first checkpoint and
        // the signal: it is completed, the other interrupted; never failed, never still running
        assertTrue(stopped.contains("interrupted") && stopped.stream().allMatch(st -> st.equals("interrupted") || st.equals("completed")),
                stopped + "\n" + said);
        assertFalse(Files.exists(out.resolve(".psiflux.lock")), "the sweep's lock is released");

        CliRunner.Result again = CliRunner.run("sweep", sweep.toString(), "--out", out.toString(), "--backend", "cpu", "--jobs", "2");
        assertEquals(0, again.code(), again.err());
        for (int i = 0; i < 2; i++) {
            if (!stopped.get(i).equals("interrupted")) continue;
            String log = Files.readString(out.resolve("points/000" + i + "/run.log"));
            assertTrue(log.contains("interrupted by SIGTERM") && log.contains("resuming at step"), log);
        }
        assertEquals(List.of("completed", "completed"), SweepCsv.read(out.resolve("sweep.csv")).stream().map(m -> m.get("status")).toList());
    }

    private static boolean checkpointed(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(c -> c.getFileName().toString().startsWith("checkpoint_") && Files.exists(c.resolve("meta.json")));
        }
    }

    static double through(Path run, String plane) throws IOException {
        String s = Files.readString(run.resolve("summary.json"));
        int at = s.indexOf("\"" + plane + "\"", s.indexOf("\"through\""));
        String tail = s.substring(s.indexOf(':', at) + 1).strip();
        return Double.parseDouble(tail.split("[,\\s}]")[0]);
    }

    static Map<Path, String> summaries(Path out) throws IOException {
        Map<Path, String> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(f -> f.getFileName().toString().equals("summary.json")).toList()) m.put(p, Files.readString(p));
        }
        return m;
    }

    static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
        return n;
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    /** psiflux sweep in a child JVM, as a user starts it. */
    static final class SweepProcess {
        private SweepProcess() {
        }

        static Process start(Path sweep, Path out, Path log, Map<String, String> env, String... extra) throws IOException {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>();
            // a test run from a background job inherits SIGINT ignored: restore the defaults
            if (Files.isExecutable(Path.of("/usr/bin/env"))) cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT,TERM"));
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", cp,
                    "io.psiflux.cli.Main", "sweep", sweep.toString(), "--out", out.toString()));
            cmd.addAll(List.of(extra));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return pb.start();
        }
    }
}
