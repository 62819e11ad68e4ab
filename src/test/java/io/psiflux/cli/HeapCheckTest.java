package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU backend's heap check ({@link CpuBackend#bytesNeeded}) measured against a real JVM with a
 * small heap: the largest grid it admits runs to the end with the most memory a config can ask for
 * (a file initial state, an absorber, fourth order, a time-dependent V, every field), and the next
 * size up is refused in one line before anything is written. (Before, a grid that passed the check
 * could still die of OutOfMemoryError in its first step.)
 */
class HeapCheckTest {
    private static final long HEAP = 256L << 20;
    private static final int N = 64;

    @TempDir
    Path dir;

    private static long need(int m) {
        Grid g = Grid.of(new Axis(N, -8, 8), new Axis(N, -8, 8), new Axis(m, -8, 8));
        return CpuBackend.bytesNeeded(g, Precision.DOUBLE, Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theLargestAdmittedGridRunsAndTheNextSizeIsRefusedInOneLine() throws Exception {
        int m = 4;
        while (need(m + 4) <= HEAP) m += 4; // sizes of 2, 3, 5 and 7 only, as the batched FFT likes
        assertTrue(m >= 100, "a 256 MiB heap holds more than a 64 x 64 x 100 grid; the estimate is absurd: " + need(100));

        Result ok = run(m, "ok");
        assertEquals(0, ok.code(), "the admitted 64 x 64 x " + m + " grid must run under -Xmx256m:\n" + ok.output());
        assertFalse(ok.output().contains("OutOfMemoryError"), ok.output());

        Result big = run(m + 4, "big");
        assertEquals(2, big.code(), big.output());
        List<String> lines = big.output().strip().lines().toList();
        assertEquals(1, lines.size(), "one line: " + big.output());
        assertTrue(lines.get(0).contains("grid.points") && lines.get(0).contains("-Xmx"), lines.get(0));
        assertFalse(Files.exists(dir.resolve("big")), "nothing written for a refused grid");
    }

    private record Result(int code, String output) {
    }

    private Result run(int m, String name) throws IOException, InterruptedException {
        Path psi0 = dir.resolve(name + "-psi0.npy");
        double[] values = new double[N * N * m];
        for (int i = 0, p = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < m; k++, p++) {
                    double x = -8 + 16.0 * i / N, y = -8 + 16.0 * j / N, z = -8 + 16.0 * k / m;
                    values[p] = Math.exp(-(x * x + y * y + z * z) / 2);
                }
            }
        }
        BadInputTest.writeNpy(psi0, new int[] {N, N, m}, values, "<c16");
        Path cfg = dir.resolve(name + ".toml");
        Files.writeString(cfg, """
                [grid]
                points = [%d, %d, %d]
                extent = [[-8.0, 8.0], [-8.0, 8.0], [-8.0, 8.0]]
                [potential]
                expression = "0.5*(x^2 + y^2 + z^2) + 0.1*sin(t)*x"
                [initial]
                type = "file"
                file = "%s"
                [absorber]
                width = 2.0
                [time]
                dt = 0.01
                steps = 4
                order = 4
                [output]
                every = 2
                fields = ["density", "current", "psi"]
                """.formatted(N, N, m, psi0.getFileName()));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + (HEAP >> 20) + "m",
                "-cp", cp, "io.psiflux.cli.Main", "run", cfg.toString(), "--out", dir.resolve(name).toString(), "--backend", "cpu")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the run did not end in 300 s");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
