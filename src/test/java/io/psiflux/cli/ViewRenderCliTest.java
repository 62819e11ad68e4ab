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
}
