package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pictures through the command line: `render` writes one PNG per output step, `view
 * --exit-after` opens the real window (under Xvfb in CI) and writes a screenshot. In CI (CI set)
 * a missing display is a failure of the setup, never a skip.
 */
class ViewRenderCliTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path cfg = dir.resolve("packet.toml");
        Files.writeString(cfg, """
                [grid]
                points = [64, 64]
                extent = [[-10.0, 10.0], [-10.0, 10.0]]
                [initial]
                type = "gaussian"
                center = [-3.0, 0.0]
                sigma = [1.0, 1.0]
                momentum = [3.0, 0.0]
                [time]
                dt = 0.01
                steps = 100
                [output]
                every = 50
                """);
        return cfg;
    }

    /** Centroid along x of the saturated (coloured) pixels. */
    static double brightCentroidX(BufferedImage img) {
        double sx = 0, s = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth() * 2 / 3; x++) { // the plot; the legend column is on the right
                int rgb = img.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                // the packet is domain-coloured (saturated); text, axes and the grey potential are not
                int v = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
                if (v > 60) {
                    sx += x * v;
                    s += v;
                }
            }
        }
        return sx / s;
    }

    @Test
    void renderWritesAFramePerOutputStepAndThePacketMovesRight() throws IOException {
        Path out = dir.resolve("frames");
        CliRunner.Result r = CliRunner.run("render", config().toString(), "--out", out.toString(), "--backend", "cpu",
                "--size", "800x600");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"frame_000000.png", "frame_000050.png", "frame_000100.png"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        BufferedImage first = ImageIO.read(out.resolve("frame_000000.png").toFile());
        BufferedImage last = ImageIO.read(out.resolve("frame_000100.png").toFile());
        assertEquals(800, first.getWidth());
        assertEquals(600, first.getHeight());
        // p = 3 for t = 1: the packet moves 3 of the box's 20 units to the right
        assertTrue(brightCentroidX(last) > brightCentroidX(first) + 40, "the bright spot moves right");
    }

    @Test
    void everyOverridesTheConfigAndObservablesAreWrittenAsRunWritesThem() throws IOException {
        Path out = dir.resolve("every");
        CliRunner.Result r = CliRunner.run("render", config().toString(), "--out", out.toString(), "--backend", "cpu",
                "--size", "320x240", "--every", "25", "--color", "density", "--current", "arrows");
        assertEquals(0, r.code(), r.err());
        for (int step = 0; step <= 100; step += 25) {
            assertTrue(Files.exists(out.resolve(String.format("frame_%06d.png", step))), "frame at step " + step);
        }
        java.util.List<String> rows = Files.readAllLines(out.resolve("observables.csv"));
        assertEquals(6, rows.size(), "a header and one row per frame: " + rows);
        assertTrue(rows.get(0).startsWith("step,time,norm,energy"), rows.get(0));
        // The packet's <x> moves at p = 3: -3 at t = 0, 0 at t = 1.
        String[] last = rows.get(5).split(",");
        int meanX = java.util.Arrays.asList(rows.get(0).split(",")).indexOf("mean_x");
        assertEquals(0.0, Double.parseDouble(last[meanX]), 0.01, "<x> at t = 1");
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"completed\""), "summary.json says completed");
    }

    @Test
    void badPictureOptionsAreOneLineAndWriteNothing() throws IOException {
        String[][] bad = {{"--fps", "0"}, {"--every", "0"}, {"--scale", "bright"}, {"--scale", "-1"}, {"--color", "rainbow"},
                {"--colormap", "jet"}, {"--current", "dots"}};
        String[] names = {"--fps", "--every", "--scale", "--scale", "--color", "--colormap", "--current"};
        for (int i = 0; i < bad.length; i++) {
            Path out = dir.resolve("bad" + i);
            CliRunner.Result r = CliRunner.run("render", config().toString(), "--out", out.toString(), "--backend", "cpu",
                    bad[i][0], bad[i][1]);
            assertEquals(2, r.code(), String.join(" ", bad[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains(names[i]), r.err());
            assertTrue(!Files.exists(out), "nothing written for " + String.join(" ", bad[i]));
        }
    }

    @Test
    void viewExitAfterWritesAScreenshot() throws IOException {
        String display = System.getenv("DISPLAY");
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(display != null && !display.isEmpty(), "no DISPLAY (ci/test runs this under xvfb-run)");
        }
        Path png = dir.resolve("view.png");
        CliRunner.Result r = CliRunner.run("view", config().toString(), "--backend", "cpu", "--exit-after", "5",
                "--screenshot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(png), "screenshot written");
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= 64 && img.getHeight() >= 64);
        assertTrue(brightCentroidX(img) > 0, "the packet is drawn");
    }

    /**
     * render and view show real-time runs: an imaginary-time config and an eigensolver config
     * are refused in one line naming the key, exit 2, nothing written (render drew 11 frames of
     * a real-time run of samples/eigenstates-2d.toml's start before).
     */
    @Test
    void renderAndViewRefuseRunsThatAreNotInRealTime() throws IOException {
        String base = Files.readString(config());
        for (String[] c : new String[][] {{"imaginary = true\n", "time.imaginary"}, {"method = \"eigen\"\n", "time.method"}}) {
            Path cfg = dir.resolve("not-real-time.toml");
            Files.writeString(cfg, base.replace("steps = 100\n", "steps = 100\n" + c[0]));
            for (String cmd : new String[] {"render", "view"}) {
                Path out = dir.resolve("refused-" + cmd);
                CliRunner.Result r = cmd.equals("render")
                        ? CliRunner.run("render", cfg.toString(), "--out", out.toString(), "--backend", "cpu")
                        : CliRunner.run("view", cfg.toString(), "--backend", "cpu", "--exit-after", "1");
                assertEquals(2, r.code(), cmd + " " + c[1] + ": " + r.err());
                assertTrue(r.err().startsWith("psiflux: " + c[1] + ":"), cmd + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
                assertTrue(!Files.exists(out), "nothing written");
            }
        }
    }
}
