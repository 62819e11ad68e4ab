package io.psiflux.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.psiflux.field.Precision;
import io.psiflux.observe.Paths;
import io.psiflux.sim.Snapshot;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bohmian trails over a 2D field, checked by pixels against the same picture without them: they
 * change pixels only along the paths, the head is white at the particle's position, the trail
 * fades towards its tail and ends {@link Trails#ROWS} rows back, and a step that wraps around the
 * periodic box draws no line across it.
 */
class TrailsTest {
    private static HeadlessRenderer renderer;

    @BeforeAll
    static void open() {
        try {
            renderer = new HeadlessRenderer();
        } catch (GraphicsUnavailable e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and headless OpenGL is unavailable: " + e.getMessage(), e);
            Assumptions.abort("headless OpenGL is unavailable: " + e.getMessage());
        }
    }

    @AfterAll
    static void close() {
        if (renderer != null) renderer.close();
    }

    private static double wrap(double x) {
        return x >= 10 ? x - 20 : x;
    }

    /** Particle 0 runs along y = -5 from x = -8 to 6; particle 1 along y = 5 from x = 7, through x = 10 = -10, to -6. */
    private static Paths paths() {
        int rows = 29;
        long[] steps = new long[rows];
        double[] times = new double[rows];
        List<double[]> xs = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            steps[r] = 10L * r;
            times[r] = 0.1 * r;
            xs.add(new double[] {-8 + 0.5 * r, -5, wrap(7 + 0.25 * r), 5});
        }
        return new Paths(2, 2, steps, times, xs);
    }

    @Test
    void trailsFollowThePathsFadeTowardsTheTailAndDoNotJumpAcrossTheBox() {
        Snapshot plain = TestSnapshots.packet(TestSnapshots.grid(2, 256, 20), new double[] {0, 0}, new double[] {2, 0}, 1.2, 0,
                Precision.DOUBLE, null);
        View v = new View().showCurrent(false).showPotential(false);
        BufferedImage off = renderer.render(plain, v), on = renderer.render(plain.withPaths(paths()), v);
        Region[] panels = SceneRenderer.panels(2, renderer.width(), renderer.height());
        FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(plain.grid()), panels[0], v, renderer.width(), renderer.height());
        int inside = (int) Math.ceil(m.px(-10)) + 1, right = (int) Math.floor(m.px(10)) - 1;
        int top = (int) Math.ceil(m.py(10)) + 1, bottom = (int) Math.floor(m.py(-10)) - 1;
        int lower = (int) Math.round(m.py(-5)), upper = (int) Math.round(m.py(5));
        int changed = 0;
        for (int y = top; y <= bottom; y++) {
            for (int x = inside; x <= right; x++) {
                if (on.getRGB(x, y) == off.getRGB(x, y)) continue;
                changed++;
                assertTrue(Math.abs(y - lower) <= 4 || Math.abs(y - upper) <= 4, "a changed pixel off the paths at (" + x + ", " + y + ")");
                if (Math.abs(y - upper) <= 4) {
                    double wx = m.worldH(x);
                    assertTrue(wx > 7.5 || wx < -5.7, "particle 1's trail drawn at x = " + wx + ": a line across the box");
                }
                if (Math.abs(y - lower) <= 4) {
                    assertTrue(m.worldH(x) > -6.5, "particle 0's trail reaches " + m.worldH(x) + ": more than 24 rows back");
                }
            }
        }
        assertTrue(changed > 100, "the trails changed " + changed + " pixels");
        int[] head = {(int) Math.floor(m.px(6)), (int) Math.floor(m.py(-5))};
        int c = on.getRGB(head[0], head[1]);
        assertTrue(Colors.red(c) > 0.85 && Colors.green(c) > 0.85 && Colors.blue(c) > 0.85, "a white head at (6, -5)");
        double near = brightest(on, (int) Math.round(m.px(5)), lower), far = brightest(on, (int) Math.round(m.px(-5)), lower);
        System.out.printf("trail brightness near the head %.2f, near the tail %.2f%n", near, far);
        assertTrue(near > far + 0.4, "the trail fades towards its tail: " + near + " near the head, " + far + " near the tail");
        assertEquals(off.getRGB(head[0], upper), on.getRGB(head[0], upper), "nothing drawn at (6, 5)");
    }

    /** The brightest value in the column {@code x} within 2 pixels of row {@code y}. */
    private static double brightest(BufferedImage img, int x, int y) {
        double best = 0;
        for (int dy = -2; dy <= 2; dy++) best = Math.max(best, Colors.value(img.getRGB(x, y + dy)));
        return best;
    }
}
