package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that passes the heap pre-check (CpuProvider) and still runs out of Java heap ends in one
 * line, exit 2, with summary.json saying "failed" and why, never an OutOfMemoryError trace. The
 * case: 2048^2 with the Helmholtz split of the current among the fields, whose arrays the
 * pre-check does not count, in a child JVM with -Xmx900m (it estimates 0.82 GiB; the run needs
 * about 1.1 GiB; measured 2026-12-01: a trace and exit 1 before).
 */
class OutOfMemoryTest {

    @TempDir
    Path tmp;

    @Test
    void aRunThatRunsOutOfHeapSaysSoInOneLine() throws Exception {
        Path cfg = tmp.resolve("big.toml"), out = tmp.resolve("out"), log = tmp.resolve("log");
        Files.writeString(cfg, """
                [grid]
                points = [2048, 2048]
                extent = [[-20.0, 20.0], [-20.0, 20.0]]
                [potential]
                expression = "0.5*(x^2+y^2)"
                [initial]
                type = "gaussian"
                center = [0.0, 0.0]
                sigma = [1.0, 1.0]
                [time]
                dt = 0.005
                steps = 10
                [output]
                every = 5
                fields = ["density", "current", "current_transport", "current_circulating"]
                """);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx900m",
                "-cp", cp, "io.psiflux.cli.Main", "run", cfg.toString(), "--out", out.toString(), "--backend", "cpu"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run ends");
        String said = Files.readString(log);
        assertEquals(2, p.exitValue(), said);
        assertFalse(said.contains("Exception") || said.contains("\tat "), "no trace: " + said);
        List<String> lines = said.lines().filter(l -> l.startsWith("psiflux: out of memory")).toList();
        assertEquals(1, lines.size(), said);
        assertTrue(lines.get(0).contains("-Xmx"), lines.get(0));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"status\": \"failed\"") && summary.contains("out of memory"), summary);
    }
}
