package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.scattering.Eckart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psiflux sweep --engine slurm against a real single-node Slurm (munged, slurmctld, slurmd on
 * 127.0.0.1) that ci/slurm-up starts in a temporary folder for this class and ci/slurm-down stops:
 * the real sbatch, squeue and array tasks, no mock. The three-point Eckart sweep gives the same
 * table as the local engine, and both the exact packet-averaged transmission. When Slurm cannot
 * start here the test fails with ci/slurm-up's reason; it is never skipped.
 */
class SweepSlurmTest {
    @TempDir
    static Path cluster;

    @TempDir
    Path tmp;

    private static Map<String, String> env;

    @BeforeAll
    static void startSlurm() throws Exception {
        Path log = cluster.resolve("slurm-up.log");
        Process up = new ProcessBuilder(Path.of("ci/slurm-up").toAbsolutePath().toString(), cluster.resolve("slurm").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = up.waitFor(90, TimeUnit.SECONDS);
        if (!ended) up.destroyForcibly();
        assertTrue(ended && up.exitValue() == 0, "ci/slurm-up could not start a single-node Slurm: " + Files.readString(log));
        env = Map.of("SLURM_CONF", cluster.resolve("slurm/slurm.conf").toString(),
                "PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        Process down = new ProcessBuilder(Path.of("ci/slurm-down").toAbsolutePath().toString(), cluster.resolve("slurm").toString())
                .inheritIO().start();
        assertTrue(down.waitFor(60, TimeUnit.SECONDS) && down.exitValue() == 0, "ci/slurm-down");
    }

    private Path sweepFile() throws IOException {
        Path f = tmp.resolve("eckart3.toml");
        Files.writeString(f, SweepLocalTest.eckartSweep(Path.of("samples/eckart-tunnelling-1d.toml"), "[1.5, 2.0, 2.5]"));
        return f;
    }

    private int sweep(Path sweep, Path out, String name, String... extra) throws Exception {
        Path log = tmp.resolve(name + ".log");
        Process p = SweepLocalTest.SweepProcess.start(sweep, out, log, env, extra);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "psiflux sweep " + String.join(" ", extra) + " within 300 s: " + Files.readString(log));
        return p.exitValue();
    }

    @Test
    void theSlurmEngineGivesTheSameTableAsTheLocalEngine() throws Exception {
        Path sweep = sweepFile();
        Path local = tmp.resolve("local"), slurm = tmp.resolve("slurm");
        assertEquals(0, sweep(sweep, local, "local", "--backend", "cpu", "--jobs", "2"), Files.readString(tmp.resolve("local.log")));
        assertEquals(0, sweep(sweep, slurm, "slurm", "--backend", "cpu", "--engine", "slurm", "--poll", "0.5"),
                Files.readString(tmp.resolve("slurm.log")));
        String said = Files.readString(tmp.resolve("slurm.log"));
        assertTrue(said.matches("(?s).*submitted job \\d+: 3 points in 3 array tasks.*"), said);

        // every array task ran on the node and wrote its log
        Path script = slurm.resolve("slurm/sweep.sbatch");
        assertTrue(Files.readString(script).contains("#SBATCH --array=0-2"), Files.readString(script));
        String logs = slurmLogs(slurm);
        for (int t = 0; t < 3; t++) assertTrue(logs.contains("task " + t + " on ") && logs.contains("points 000" + t), logs);

        List<Map<String, String>> a = SweepCsv.read(local.resolve("sweep.csv")), b = SweepCsv.read(slurm.resolve("sweep.csv"));
        assertEquals(SweepCsv.header(local.resolve("sweep.csv")), SweepCsv.header(slurm.resolve("sweep.csv")));
        assertEquals(3, b.size());
        double[] ps = {1.5, 2.0, 2.5};
        for (int i = 0; i < 3; i++) {
            assertEquals("completed", b.get(i).get("status"));
            for (String column : a.get(i).keySet()) {
                if (column.equals("seconds")) continue;
                assertEquals(a.get(i).get(column), b.get(i).get(column), "row " + i + ", " + column + ": the same run on either engine");
            }
            double exact = Eckart.averaged(ps[i], SweepLocalTest.SIGMA, SweepLocalTest.V0, SweepLocalTest.A, 1, 1);
            assertEquals(exact, Double.parseDouble(b.get(i).get("through_right")), 2e-4, "transmission at p = " + ps[i]);
        }

        // a rerun on Slurm submits nothing: every point is done
        assertEquals(0, sweep(sweep, slurm, "again", "--backend", "cpu", "--engine", "slurm", "--poll", "0.5"));
        String again = Files.readString(tmp.resolve("again.log"));
        assertTrue(again.contains("3 completed; nothing to run") && !again.contains("submitted"), again);
    }

    @Test
    void noWaitReturnsTheJobIdAndCollectGathersTheTableLater() throws Exception {
        // cheap points: a Gaussian (sigma = 1) with momentum p in V = x^2/2, whose energy
        // (p^2 + 1/4) / 2 + 1/2 the run keeps up to the Strang splitting's O(dt^2) = 1e-4
        Files.writeString(tmp.resolve("small.toml"), SweepLocalTest.SMALL);
        Path sweep = tmp.resolve("p.toml");
        Files.writeString(sweep, "[sweep]\nbase = \"small.toml\"\n[[parameter]]\nkey = \"initial.momentum[0]\"\nname = \"p\"\n"
                + "values = [0.5, 1.0, 2.0]\n");
        Path out = tmp.resolve("nowait");
        assertEquals(0, sweep(sweep, out, "nowait", "--backend", "cpu", "--engine", "slurm", "--per-task", "2", "--no-wait"));
        String said = Files.readString(tmp.resolve("nowait.log"));
        assertTrue(said.contains("3 points in 2 array tasks"), said);
        String job = said.lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow(() -> new AssertionError("no job id: " + said));

        // wait for the job with squeue, as a user would, then collect
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            ProcessBuilder pb = new ProcessBuilder("squeue", "-h", "-j", job, "-o", "%T").redirectErrorStream(true);
            pb.environment().putAll(env);
            Process q = pb.start();
            String states = new String(q.getInputStream().readAllBytes()).strip();
            q.waitFor();
            if (q.exitValue() != 0 || states.isEmpty()) break;
            assertTrue(System.nanoTime() < deadline, "job " + job + " still queued after 300 s: " + states);
            Thread.sleep(500);
        }
        assertEquals(0, sweep(sweep, out, "collect", "--collect"), Files.readString(tmp.resolve("collect.log")));
        List<Map<String, String>> rows = SweepCsv.read(out.resolve("sweep.csv"));
        assertEquals(List.of("completed", "completed", "completed"), rows.stream().map(m -> m.get("status")).toList());
        for (Map<String, String> row : rows) {
            double p = Double.parseDouble(row.get("p"));
            assertEquals((p * p + 0.25) / 2 + 0.5, Double.parseDouble(row.get("energy")), 1e-4, "energy at p = " + p);
            assertEquals(1.0, Double.parseDouble(row.get("norm")), 1e-12);
        }
        // the two tasks' logs: the first ran points 0000 and 0001, the second 0002
        String logs = slurmLogs(out);
        assertTrue(logs.contains("points 0000 0001") && logs.contains("points 0002"), logs);
    }

    private static String slurmLogs(Path out) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var s = Files.walk(out)) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith("slurm-")).sorted().toList()) b.append(Files.readString(f));
        }
        return b.toString();
    }
}
