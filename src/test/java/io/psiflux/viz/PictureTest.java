package io.psiflux.viz;

import io.psiflux.config.ConfigLoader;
import io.psiflux.config.RunConfig;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FieldKind;
import io.psiflux.sim.Simulation;
import io.psiflux.sim.Snapshot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What can be checked by pixels about the pictures of issue 13: the field fills most of the frame
 * at every size from 320x240 to 3840x2160, all text lies inside the frame and off the field, the
 * colour scale stays fixed across frames, a packet moving right moves right, the colour maps are
 * the published ones, and the streamlines follow j (circles around a vortex, straight along a
 * plane wave, through both slits of the double-slit sample).
 */
class PictureTest {
    static final int[][] SIZES = {{320, 240}, {800, 600}, {1920, 1080}, {3840, 2160}};

    private static HeadlessRenderer open(int w, int h) {
        try {
            return new HeadlessRenderer(w, h);
        } catch (GraphicsUnavailable e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and headless OpenGL is unavailable: " + e.getMessage(), e);
            Assumptions.abort("headless OpenGL is unavailable: " + e.getMessage());
            return null;
        }
    }

    /** A plane wave exp(i k x) over a box of lx by ly: uniform density, so the whole box is bright. */
    private static Snapshot planeWave(int nx, int ny, double lx, double ly, double k) {
        Grid g = Grid.of(new Axis(nx, -lx / 2, lx / 2), new Axis(ny, -ly / 2, ly / 2));
        ComplexField psi = new ComplexField(g, Precision.DOUBLE);
        double a = 1 / Math.sqrt(lx * ly);
        for (int p = 0; p < g.points(); p++) {
            double x = g.axis(0).x(g.index(p, 0));
            psi.set(p, a * Math.cos(k * x), a * Math.sin(k * x));
        }
        return TestSnapshots.snapshot(g, psi, 0, null);
    }

    /** A bright, saturated pixel: the field's colour, not white or grey text, lines or background. */
    private static boolean field(int c) {
        double min = Math.min(Colors.red(c), Math.min(Colors.green(c), Colors.blue(c)));
        return Colors.value(c) > 0.5 && Colors.value(c) - min > 0.4;
    }

    /** Longest run of field pixels along any row and along any column: the field's drawn width and height. */
    private static int[] fieldRuns(BufferedImage img) {
        int w = 0, h = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0, run = 0; x < img.getWidth(); x++) w = Math.max(w, run = field(img.getRGB(x, y)) ? run + 1 : 0);
        }
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0, run = 0; y < img.getHeight(); y++) h = Math.max(h, run = field(img.getRGB(x, y)) ? run + 1 : 0);
        }
        return new int[]{w, h};
    }

    @Test
    void theFieldFillsMostOfTheFrameAtEverySize() {
        for (int[] wh : SIZES) {
            try (HeadlessRenderer r = open(wh[0], wh[1])) {
                View v = new View().showCurrent(false);
                int h = fieldRuns(r.render(planeWave(64, 64, 20, 20, 1), v))[1];
                assertTrue(h >= 0.8 * wh[1], wh[0] + "x" + wh[1] + ": a square box is " + h + " pixels tall");
                int w = fieldRuns(r.render(planeWave(128, 32, 40, 10, 1), new View().showCurrent(false)))[0];
                assertTrue(w >= 0.75 * wh[0], wh[0] + "x" + wh[1] + ": a 4:1 box is " + w + " pixels wide");
            }
        }
    }

    @Test
    void allTextLiesInsideTheFrameAndOffTheField() {
        Snapshot two = TestSnapshots.packet(TestSnapshots.grid(2, 64, 20), new double[]{-2, 0}, new double[]{3, 0}, 1.2, 0,
                Precision.DOUBLE, x -> x[0] > 6 ? 5 : 0);
        Snapshot one = TestSnapshots.packet(TestSnapshots.grid(1, 256, 40), new double[]{-5}, new double[]{4}, 1.5, 0,
                Precision.DOUBLE, x -> 0.05 * x[0] * x[0]);
        Snapshot three = TestSnapshots.packet(TestSnapshots.grid(3, 24, 12), new double[]{0, 0, 0}, new double[]{1, 0, 0}, 1.2, 0,
                Precision.DOUBLE, null);
        for (int[] wh : SIZES) {
            try (HeadlessRenderer r = open(wh[0], wh[1])) {
                for (View.ColorMode mode : View.ColorMode.values()) {
                    for (View.CurrentStyle style : View.CurrentStyle.values()) {
                        View v = new View().colorMode(mode).currentStyle(style);
                        r.render(two, v);
                        String what = wh[0] + "x" + wh[1] + " " + mode + " " + style;
                        List<double[]> boxes = r.textBoxes();
                        assertTrue(boxes.size() >= 10, what + ": only " + boxes.size() + " texts");
                        inside(boxes, wh, what);
                        // Nothing written over the field itself.
                        FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(two.grid()),
                                SceneRenderer.panels(2, wh[0], wh[1])[0], v, wh[0], wh[1]);
                        double l = m.px(-10), rt = m.px(10), t = m.py(10), b = m.py(-10);
                        for (double[] q : boxes) {
                            boolean overlaps = q[0] < rt - 1 && q[0] + q[2] > l + 1 && q[1] < b - 1 && q[1] + q[3] > t + 1;
                            assertFalse(overlaps, what + ": text at " + List.of(q[0], q[1], q[2], q[3]) + " covers the field");
                        }
                    }
                }
                r.render(one, new View());
                inside(r.textBoxes(), wh, wh[0] + "x" + wh[1] + " 1D");
                r.render(three, new View());
                inside(r.textBoxes(), wh, wh[0] + "x" + wh[1] + " 3D");
                r.render(two, new View().showHelp(true));
                inside(r.textBoxes(), wh, wh[0] + "x" + wh[1] + " help");
            }
        }
    }

    private static void inside(List<double[]> boxes, int[] wh, String what) {
        for (double[] q : boxes) {
            assertTrue(q[0] >= 0 && q[1] >= 0 && q[0] + q[2] <= wh[0] && q[1] + q[3] <= wh[1],
                    what + ": text box " + List.of(q[0], q[1], q[2], q[3]) + " runs out of the frame");
        }
    }

    /** psi times a. */
    private static Snapshot scaled(Snapshot s, double a) {
        ComplexField psi = new ComplexField(s.grid(), Precision.DOUBLE);
        for (int p = 0; p < s.grid().points(); p++) psi.set(p, a * s.psi().re(p), a * s.psi().im(p));
        return TestSnapshots.snapshot(s.grid(), psi, s.time(), null);
    }

    @Test
    void theScaleStaysFixedAcrossFramesUnlessAskedPerFrame() {
        Snapshot first = TestSnapshots.packet(TestSnapshots.grid(2, 128, 20), new double[]{0, 0}, new double[]{0, 0}, 1.5, 0,
                Precision.DOUBLE, null);
        Snapshot quarter = scaled(first, 0.5); // |psi|^2 / 4
        try (HeadlessRenderer r = open(800, 600)) {
            View v = new View().showCurrent(false);
            FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(first.grid()), SceneRenderer.panels(2, 800, 600)[0], v, 800, 600);
            int cx = (int) m.px(0), cy = (int) m.py(0);
            double b0 = Colors.value(r.render(first, v).getRGB(cx, cy));
            double b1 = Colors.value(r.render(quarter, v).getRGB(cx, cy));
            assertEquals(1.0, b0, 0.02, "the first frame sets the scale: its peak is at full brightness");
            assertEquals(0.5, b1, 0.02, "brightness = sqrt(density / fixed scale) = sqrt(1/4)");
            View each = new View().showCurrent(false).scalePerFrame(true);
            r.render(first, each);
            assertEquals(1.0, Colors.value(r.render(quarter, each).getRGB(cx, cy)), 0.02, "per frame: its own peak is full");
            // Density mode: the colour of a quarter of the scale is the colour map at 1/4.
            View d = new View().showCurrent(false).colorMode(View.ColorMode.DENSITY).colorMap(Colors.ColorMap.INFERNO);
            r.render(first, d);
            int got = r.render(quarter, d).getRGB(cx, cy), want = Colors.ColorMap.INFERNO.at(0.25);
            assertEquals(Colors.red(want), Colors.red(got), 0.03);
            assertEquals(Colors.green(want), Colors.green(got), 0.03);
            assertEquals(Colors.blue(want), Colors.blue(got), 0.03);
            // A given scale: twice the peak density puts the peak at sqrt(1/2).
            View given = new View().showCurrent(false).densityScale(2 * first.psi().abs2(first.grid().points() / 2 + 64));
            assertEquals(Math.sqrt(0.5), Colors.value(r.render(first, given).getRGB(cx, cy)), 0.03);
        }
    }

    @Test
    void aPacketMovingRightMovesRightAtEverySizeAndInEveryMode() {
        Grid g = TestSnapshots.grid(2, 128, 20);
        for (int[] wh : new int[][]{{320, 240}, {1920, 1080}}) {
            try (HeadlessRenderer r = open(wh[0], wh[1])) {
                for (View.ColorMode mode : new View.ColorMode[]{View.ColorMode.PHASE, View.ColorMode.DENSITY}) {
                    View v = new View().showCurrent(false).colorMode(mode);
                    FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(g), SceneRenderer.panels(2, wh[0], wh[1])[0], v, wh[0], wh[1]);
                    double last = Double.NEGATIVE_INFINITY;
                    for (double t : new double[]{0, 0.5, 1.0}) {
                        Snapshot s = TestSnapshots.packet(g, new double[]{-4, 0}, new double[]{4, 0}, 1.2, t, Precision.DOUBLE, null);
                        double x = brightestColumn(r.render(s, v), m, g);
                        // the peak of |psi|^2 is at x0 + k t
                        assertEquals(-4 + 4 * t, x, 0.5 + 2 / m.scale(), wh[0] + "x" + wh[1] + " " + mode + " t = " + t);
                        assertTrue(x > last);
                        last = x;
                    }
                }
            }
        }
    }

    /** World x of the column holding the brightest pixel (largest HSV value) along the row y = 0. */
    private static double brightestColumn(BufferedImage img, FieldPass.Mapping m, Grid g) {
        int row = (int) m.py(0), best = -1;
        double max = -1;
        for (int x = (int) Math.ceil(m.px(g.axis(0).min())); x < m.px(g.axis(0).max()); x++) {
            double lum = 0.3 * Colors.red(img.getRGB(x, row)) + 0.59 * Colors.green(img.getRGB(x, row)) + 0.11 * Colors.blue(img.getRGB(x, row));
            double val = Math.max(lum, Colors.value(img.getRGB(x, row)) * 0.999);
            if (val > max) {
                max = val;
                best = x;
            }
        }
        return m.worldH(best + 0.5);
    }

    @Test
    void streamlinesOfAVortexAreCirclesAndOfAPlaneWaveStraightLines() {
        // psi = (x + i y) exp(-r^2 / 8): j = r^2 exp(-r^2/4) e_phi, azimuthal, so streamlines are circles.
        Grid g = TestSnapshots.grid(2, 128, 16);
        ComplexField psi = new ComplexField(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) {
            double x = g.axis(0).x(g.index(p, 0)), y = g.axis(1).x(g.index(p, 1)), e = Math.exp(-(x * x + y * y) / 8);
            psi.set(p, x * e, y * e);
        }
        Snapshot vortex = TestSnapshots.snapshot(g, psi, 0, null);
        try (HeadlessRenderer r = open(800, 600)) {
            View v = new View();
            FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(g), SceneRenderer.panels(2, 800, 600)[0], v, 800, 600);
            List<Streamlines.Line> lines = r.streamlines(vortex, v);
            assertTrue(lines.size() >= 5, lines.size() + " lines");
            double cx = m.px(0), cy = m.py(0);
            int closed = 0;
            for (Streamlines.Line l : lines) {
                double mean = 0, dev = 0;
                for (int i = 0; i < l.size(); i++) mean += Math.hypot(l.x()[i] - cx, l.y()[i] - cy) / l.size();
                for (int i = 0; i < l.size(); i++) dev = Math.max(dev, Math.abs(Math.hypot(l.x()[i] - cx, l.y()[i] - cy) - mean));
                assertTrue(dev < 0.03 * mean + 1.5, "a circle of radius " + mean + " px, off by " + dev);
                // counter-clockwise in the world (psi winds +1): clockwise on a y-down screen, the cross product < 0
                double cross = 0;
                for (int i = 0; i + 1 < l.size(); i++) {
                    cross += (l.x()[i] - cx) * (l.y()[i + 1] - cy) - (l.y()[i] - cy) * (l.x()[i + 1] - cx);
                }
                assertTrue(cross < 0, "the flow turns counter-clockwise in the world");
                if (Math.hypot(l.x()[0] - l.x()[l.size() - 1], l.y()[0] - l.y()[l.size() - 1]) < Streamlines.SEPARATION) closed++;
            }
            assertTrue(closed >= lines.size() / 2, closed + " of " + lines.size() + " lines close on themselves");

            List<Streamlines.Line> straight = r.streamlines(planeWave(64, 64, 20, 20, 2), v);
            assertTrue(straight.size() >= 20, straight.size() + " lines");
            for (Streamlines.Line l : straight) {
                double ySpread = 0;
                for (int i = 0; i < l.size(); i++) ySpread = Math.max(ySpread, Math.abs(l.y()[i] - l.y()[0]));
                assertTrue(ySpread < 1, "a plane wave's lines are horizontal: spread " + ySpread + " px");
                assertTrue(l.x()[l.size() - 1] > l.x()[0], "and run along +x, the way j points");
            }
        }
    }

    @Test
    void streamlinesGoThroughEachSlitOfTheDoubleSlit() {
        RunConfig c = ConfigLoader.load(Path.of("samples/double-slit-2d.toml"));
        Snapshot s;
        try (Simulation sim = c.builder().backend("cpu").build()) {
            sim.advance(1000); // t = 2: the transmitted waves fan out behind the wall
            s = sim.snapshot(sim.observe(), EnumSet.of(FieldKind.PSI, FieldKind.DENSITY, FieldKind.CURRENT));
        }
        try (HeadlessRenderer r = open(800, 600)) {
            View v = new View();
            FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(s.grid()), SceneRenderer.panels(2, 800, 600)[0], v, 800, 600);
            int[] through = new int[2];
            for (Streamlines.Line l : r.streamlines(s, v)) {
                for (int i = 0; i + 1 < l.size(); i++) {
                    double x0 = m.worldH(l.x()[i]), x1 = m.worldH(l.x()[i + 1]);
                    if (x0 < 0 && x1 >= 0) { // crossing the wall's middle, left to right
                        double y = m.worldV(l.y()[i]);
                        assertTrue(Math.abs(Math.abs(y) - 2) < 0.5 + 1 / m.scale(), "a line crosses the wall at y = " + y
                                + ", outside the slits (|y| - 2 within 0.5)");
                        through[y > 0 ? 1 : 0]++;
                    }
                }
            }
            assertTrue(through[0] >= 1 && through[1] >= 1, "lines through the lower and upper slit: " + through[0] + ", " + through[1]);
        }
    }

    @Test
    void theTimeSeriesPanelDrawsEachObservableUpToNowUnderThePicture() {
        // T(t) = t / 4 through a plane "right": its curve climbs from the panel's left to its right.
        TimeSeries series = new TimeSeries();
        for (int k = 0; k <= 40; k++) {
            double t = 0.1 * k;
            series.add(new io.psiflux.observe.Observation(k, t, 1, 0.5, new double[]{-3 + t}, new double[]{1})
                    .with("through_right", t / 4));
        }
        assertEquals(List.of("norm", "energy", "mean_x", "through_right"), series.names());
        Snapshot s = TestSnapshots.packet(TestSnapshots.grid(2, 64, 20), new double[]{-2, 0}, new double[]{3, 0}, 1.2, 0,
                Precision.DOUBLE, null);
        for (int[] wh : new int[][]{{320, 240}, {1920, 1080}}) {
            try (HeadlessRenderer r = open(wh[0], wh[1])) {
                View v = new View().series(series).showSeries(true);
                BufferedImage img = r.render(s, v);
                inside(r.textBoxes(), wh, wh[0] + "x" + wh[1] + " with the time series");
                int top = SceneRenderer.contentHeight(v, wh[0], wh[1]);
                assertTrue(top < wh[1] * 0.8 && top > wh[1] * 0.6, "the panel takes the bottom fifth to third: " + top);
                // The through_right strip is the 4th of 4: its green curve's highest pixel is right of its lowest.
                int green = 0x66e070, hiX = -1, loX = -1, hiY = Integer.MAX_VALUE, loY = -1;
                for (int y = top; y < wh[1]; y++) {
                    for (int x = wh[0] / 4; x < wh[0]; x++) {
                        int c = img.getRGB(x, y);
                        if (Math.abs(Colors.red(c) - Colors.red(green)) < 0.1 && Math.abs(Colors.green(c) - Colors.green(green)) < 0.1
                                && Math.abs(Colors.blue(c) - Colors.blue(green)) < 0.1) {
                            if (y < hiY) {
                                hiY = y;
                                hiX = x;
                            }
                            if (y > loY) {
                                loY = y;
                                loX = x;
                            }
                        }
                    }
                }
                assertTrue(loY - hiY > 5 && hiX > loX, wh[0] + "x" + wh[1] + ": T(t) climbs to the right (low at x = " + loX
                        + ", high at x = " + hiX + ")");
                // The field moves up out of the panel's way and still fills most of what is left.
                FieldPass.Mapping m = SceneRenderer.mapping(Plane.of2D(s.grid()), SceneRenderer.panels(2, wh[0], top)[0], v, wh[0], wh[1]);
                assertTrue(m.py(-10) <= top, "the field ends above the panel");
                assertTrue(m.py(-10) - m.py(10) >= 0.7 * top, "and fills most of the height above it");
            }
        }
    }

    @Test
    void theColourMapsAreMatplotlibsAndGrowInLightness() {
        // Published end points: viridis #440154 .. #fde725, inferno #000004 .. #fcffa4; middles #21918c, #bc3754.
        int[][] want = {{0x440154, 0x21918c, 0xfde725}, {0x000004, 0xbc3754, 0xfcffa4}};
        Colors.ColorMap[] maps = {Colors.ColorMap.VIRIDIS, Colors.ColorMap.INFERNO};
        for (int k = 0; k < 2; k++) {
            double[] t = {0, 0.5, 1};
            for (int i = 0; i < 3; i++) {
                int got = maps[k].at(t[i]);
                assertEquals(Colors.red(want[k][i]), Colors.red(got), 0.025, maps[k] + " red at " + t[i]);
                assertEquals(Colors.green(want[k][i]), Colors.green(got), 0.025, maps[k] + " green at " + t[i]);
                assertEquals(Colors.blue(want[k][i]), Colors.blue(got), 0.025, maps[k] + " blue at " + t[i]);
            }
            double last = -1;
            for (int i = 0; i <= 100; i++) {
                int c = maps[k].at(i / 100.0);
                double lum = 0.2126 * Colors.red(c) + 0.7152 * Colors.green(c) + 0.0722 * Colors.blue(c);
                assertTrue(lum > last - 1e-3, maps[k] + " lightness grows at " + i / 100.0);
                last = lum;
            }
        }
    }
}
