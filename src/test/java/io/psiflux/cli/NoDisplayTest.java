package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code psiflux view} where there is no display at all (no DISPLAY, no WAYLAND_DISPLAY, no
 * XDG_RUNTIME_DIR), in a child JVM since the environment must change: psiflux's own line says so,
 * and nothing else prints first (GLFW used to probe Wayland, and libwayland printed
 * "error: XDG_RUNTIME_DIR is invalid or not set in the environment.").
 */
class NoDisplayTest {
    @TempDir
    Path dir;

    @Test
    void viewWithoutADisplaySaysSoInPsifluxsOwnWords() throws Exception {
        if (System.getProperty("os.name", "").toLowerCase().contains("win") || System.getProperty("os.name", "").toLowerCase().contains("mac")) return;
        Path cfg = dir.resolve("v.toml");
        Files.writeString(cfg, BadInputTest.GOOD);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", cp,
                "io.psiflux.cli.Main", "view", cfg.toString(), "--backend", "cpu", "--exit-after", "2");
        Map<String, String> env = pb.environment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("XDG_RUNTIME_DIR");
        Path log = dir.resolve("view.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "view must end at once without a display");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        List<String> lines = out.strip().lines().toList();
        int at = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("cannot open a window")) at = i;
        assertTrue(at >= 0, "says it cannot open a window: " + out);
        assertTrue(lines.get(at).contains("DISPLAY") && lines.get(at).contains("psiflux render"), lines.get(at));
        for (String line : lines) assertTrue(line.startsWith("psiflux: "), "only psiflux's own lines, got: " + line);
        assertEquals(0, at, "the first and only line: " + out);
        assertEquals(1, lines.size(), "nothing after it: " + out);
    }
}
