package io.psiflux.viz;

import io.psiflux.field.Precision;
import io.psiflux.sim.Snapshot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The live window in {@code --exit-after} mode. Needs an X display (CI runs it under xvfb-run);
 * without DISPLAY it is skipped, since the headless tests cover the picture itself. With a display
 * that cannot give an EGL window it is skipped too, unless CI=true.
 */
class ViewerTest {

    @Test
    void exitAfterFramesWritesTheScreenshot(@TempDir Path dir) throws Exception {
        String display = System.getenv("DISPLAY");
        Assumptions.assumeTrue(display != null && !display.isEmpty(),
                "no DISPLAY: the viewer test needs an X server (run under xvfb-run)");
        AtomicReference<Snapshot> latest = new AtomicReference<>();
        AtomicInteger published = new AtomicInteger();
        Thread sim = new Thread(() -> {
            for (int i = 0; i < 40 && !Thread.currentThread().isInterrupted(); i++) {
                latest.set(TestSnapshots.packet(TestSnapshots.grid(2, 128, 20), new double[]{-4, 0},
                        new double[]{3, 0}, 1.2, 0.1 * i, Precision.SINGLE, null));
                published.incrementAndGet();
            }
        });
        sim.setDaemon(true);
        sim.start();
        Path png = dir.resolve("view.png");
        ViewerOptions opts = ViewerOptions.defaults().exitAfter(5, png).screenshotDir(dir);
        int frames;
        try {
            frames = new Viewer(latest::get, SimulationControl.NONE, opts).run();
        } catch (GraphicsUnavailable e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and the viewer cannot open: " + e.getMessage(), e);
            Assumptions.abort("the viewer cannot open a window here: " + e.getMessage());
            return;
        }
        sim.interrupt();
        assertEquals(5, frames);
        assertTrue(Files.exists(png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        int bright = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (Colors.value(img.getRGB(x, y)) > 0.7) bright++;
        }
        assertTrue(bright > 500, "the packet shows in the window: " + bright + " bright pixels");
    }
}
