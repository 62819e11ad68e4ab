package io.psiflux.viz;

import io.psiflux.sim.Snapshot;

import java.util.List;
import java.util.Locale;

/** The text and legends drawn over every picture: status line, colour wheel, key help. */
final class Hud {
    static final int TEXT = Overlay.argb(0xe8e8e8, 1);
    static final int DIM = Overlay.argb(0xa0a0a0, 1);
    /** The least room a legend takes beside a field (a column) or under it (a row), in units ({@link #unit}). */
    static final int LEGEND_WIDTH = 74, LEGEND_HEIGHT = 74;
    /** Characters the status line is sized for (a typical "t = ... E = ..." line). */
    private static final int STATUS_CHARS = 50;

    static final List<String> HELP = List.of(
            "space   pause / resume",
            "R       reset the simulation",
            "+ / -   steps per frame",
            "N       one step batch while paused",
            "C       current on / off",
            "J       streamlines / arrows",
            "K       current coloured by |j|",
            "M       colours: phase, density, log, |j|",
            "B       scale from this frame",
            "T       time series: norm, E, <x>, flux",
            "V       potential overlay on / off",
            "S       screenshot (PNG)",
            "drag    pan (3D: turn the volume)",
            "wheel   zoom",
            "0       reset the view",
            "[ ]     move the 3D slice (also PgUp PgDn)",
            "A       3D slice axis x / y / z",
            "H       this help",
            "Esc     quit");

    private Hud() {
    }

    /** A short number: up to 4 significant digits, exponent form outside [1e-3, 1e5). */
    static String num(double x) {
        if (x == 0) return "0";
        if (!Double.isFinite(x)) return Double.toString(x);
        double a = Math.abs(x);
        if (a >= 1e-3 && a < 1e5) {
            String s = String.format(Locale.ROOT, "%.4g", x);
            if (s.contains("e")) return s;
            if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            return s;
        }
        return String.format(Locale.ROOT, "%.2e", x);
    }

    /** "t = 1.25  step 500  norm = 1.000000  E = 0.512345". */
    static String statusLine(Snapshot s) {
        return String.format(Locale.ROOT, "t = %s  step %d  norm = %.6f  E = %s",
                num(s.time()), s.step(), s.norm(), String.format(Locale.ROOT, "%.6g", s.energy()));
    }

    /**
     * The size unit of a {@code width x height} picture: text scale, line widths and margins are
     * multiples of it. 1 up to about 1280x960, 2 at 1920x1080, 4 at 3840x2160.
     */
    static int unit(int width, int height) {
        return Math.max(1, Math.min(width / 640, height / 480));
    }

    /** Text scale of the status line: 2 units, less when a {@value #STATUS_CHARS}-character line would not fit. */
    static int statusScale(int width, int height) {
        int s = 2 * unit(width, height);
        while (s > 1 && Overlay.textWidth("x".repeat(STATUS_CHARS), s) > width - 8) s--;
        return s;
    }

    /** Pixels the status line takes at the top of the picture; plots and fields start below it. */
    static int statusHeight(int width, int height) {
        int u = unit(width, height);
        return Overlay.textHeight(statusScale(width, height)) + 4 * u + 6;
    }

    /** The status line (and the view's extra status) at the top left of a {@code width x height} picture. */
    static void status(Overlay o, Snapshot s, View view, int width, int height) {
        if (!view.showHud()) return;
        int u = unit(width, height), scale = statusScale(width, height);
        String line = s == null ? "waiting for the first frame" : statusLine(s);
        while (scale > 1 && Overlay.textWidth(line, scale) > width - 8 * u) scale--;
        int y = 2 * u + 2;
        y += o.label(4 * u, y, scale, line, TEXT, 2 * u + 1) + 2 * u;
        if (!view.status().isEmpty()) o.label(4 * u, y, u, view.status(), DIM, 2 * u + 1);
    }

    /**
     * The domain-colouring key centred at (cx, cy): hue around the circle is the phase
     * (0 to the right, counter-clockwise), brightness grows from black at the centre (psi = 0)
     * to |psi| = max at the rim; colours come from {@link Colors}. Text at scale {@code u}.
     */
    static void colorWheel(Overlay o, double cx, double cy, double radius, int u) {
        int th = Overlay.textHeight(u);
        o.rect(cx - radius - 4 * u, cy - radius - th - 6 * u, 2 * radius + 8 * u, 2 * radius + th + 10 * u, Overlay.argb(0x000000, 0.6));
        int rings = 8, segments = 72;
        for (int r = 0; r < rings; r++) {
            double r0 = radius * r / rings, r1 = radius * (r + 1) / rings;
            for (int k = 0; k < segments; k++) {
                double a0 = 2 * Math.PI * k / segments, a1 = 2 * Math.PI * (k + 1) / segments;
                int c00 = wheel(a0, r0 / radius), c01 = wheel(a1, r0 / radius);
                int c10 = wheel(a0, r1 / radius), c11 = wheel(a1, r1 / radius);
                o.quad(cx + r0 * Math.cos(a0), cy - r0 * Math.sin(a0), c00,
                        cx + r1 * Math.cos(a0), cy - r1 * Math.sin(a0), c10,
                        cx + r1 * Math.cos(a1), cy - r1 * Math.sin(a1), c11,
                        cx + r0 * Math.cos(a1), cy - r0 * Math.sin(a1), c01);
            }
        }
        String title = "arg psi";
        o.text(cx - Overlay.textWidth(title, u) / 2.0, cy - radius - th - 3 * u, u, title, TEXT);
        if (radius >= 3 * Overlay.textWidth("pi", u)) {
            o.text(cx + radius - Overlay.textWidth("0", u) - 2 * u, cy - th / 2.0, u, "0", Overlay.argb(0x000000, 1));
            o.text(cx - radius + 2 * u, cy - th / 2.0, u, "pi", Overlay.argb(0x000000, 1));
        }
    }

    private static int wheel(double phase, double modulus) {
        return 0xff000000 | Colors.domainColor(modulus * Math.cos(phase), modulus * Math.sin(phase), 1.0);
    }

    /**
     * A vertical colour bar with numeric ticks in {@code box}, a title above it: {@code color}
     * gives the colour at fraction t in [0, 1] from the bottom; each tick is (value, t). Returns
     * the height used, 0 when it did not fit.
     */
    static int colorBar(Overlay o, Region box, int u, String title, java.util.function.DoubleToIntFunction color,
                        List<double[]> ticks) {
        int th = Overlay.textHeight(u), barW = 10 * u;
        int barH = Math.min(box.h() - 2 * th - 8 * u, 160 * u);
        if (barH < 24 * u || box.w() < 12 * u) return 0;
        double x = box.x(), y = box.y();
        if (Overlay.textWidth(title, u) <= box.w()) o.text(x, y, u, title, TEXT);
        double top = y + th + 4 * u + th / 2.0, bottom = top + barH;
        int segments = 64;
        for (int k = 0; k < segments; k++) {
            double t0 = (double) k / segments, t1 = (double) (k + 1) / segments;
            int c0 = 0xff000000 | color.applyAsInt(t0), c1 = 0xff000000 | color.applyAsInt(t1);
            double y0 = bottom - t0 * barH, y1 = bottom - t1 * barH;
            o.quad(x, y0, c0, x + barW, y0, c0, x + barW, y1, c1, x, y1, c1);
        }
        o.frame(x, top, barW, barH, 1, Overlay.argb(0x909090, 1));
        double lastY = Double.POSITIVE_INFINITY;
        for (double[] tk : ticks) {
            double ty = bottom - tk[1] * barH;
            if (Math.abs(lastY - ty) < th + u) continue; // labels never overlap
            String l = num(tk[0]);
            if (Overlay.textWidth(l, u) + barW + 6 * u > box.w()) continue;
            o.line(x + barW, ty, x + barW + 3 * u, ty, u, Overlay.argb(0xd0d0d0, 1));
            o.text(x + barW + 5 * u, ty - th / 2.0, u, l, DIM);
            lastY = ty;
        }
        return (int) Math.ceil(bottom - y + th / 2.0 + 6 * u);
    }

    /** Ticks at round values 0, step, 2 step ... up to {@code scale}, at t = f(value / scale). */
    static List<double[]> ticks(double scale, java.util.function.DoubleUnaryOperator f) {
        List<double[]> out = new java.util.ArrayList<>();
        if (!(scale > 0) || !Double.isFinite(scale)) return out;
        double step = Plot1D.niceStep(scale / 4);
        for (int k = 0; k * step <= scale * (1 + 1e-9); k++) out.add(new double[]{k * step, f.applyAsDouble(k * step / scale)});
        if (out.get(out.size() - 1)[1] < 0.9) out.add(new double[]{scale, 1}); // the top says the scale
        java.util.Collections.reverse(out); // the top label wins when two would overlap
        return out;
    }

    /** Ticks of the log colour bar: one per decade below {@code scale}. */
    static List<double[]> logTicks(double scale) {
        List<double[]> out = new java.util.ArrayList<>();
        for (int k = 0; k <= Colors.LOG_DECADES; k++) out.add(new double[]{scale * Math.pow(10, -k), 1 - k / Colors.LOG_DECADES});
        return out;
    }

    /** Lines of text from the top of {@code box} that fit its width and height; returns the height used. */
    static int notes(Overlay o, Region box, int u, List<String> lines) {
        int lh = Overlay.textHeight(u) + 3 * u, y = box.y(), w = 0;
        List<String> shown = new java.util.ArrayList<>();
        for (String l : lines) {
            if (Overlay.textWidth(l, u) + 8 * u > box.w() || (shown.size() + 1) * lh + 6 * u > box.h()) continue;
            shown.add(l);
            w = Math.max(w, Overlay.textWidth(l, u));
        }
        if (shown.isEmpty()) return 0;
        o.rect(box.x(), y, w + 8 * u, shown.size() * lh + 5 * u, Overlay.argb(0x000000, 0.6));
        for (String l : shown) {
            o.text(box.x() + 4 * u, y + 4 * u, u, l, DIM);
            y += lh;
        }
        return shown.size() * lh + 5 * u;
    }

    /** The key help, centred. */
    static void help(Overlay o, int width, int height) {
        int scale = Math.max(width >= 700 ? 2 : 1, statusScale(width, height)), lh = Overlay.textHeight(scale) + 4;
        int w = 0;
        for (String l : HELP) w = Math.max(w, Overlay.textWidth(l, scale));
        while (scale > 1 && ((HELP.size() + 3) * lh > height || w + 32 > width)) {
            lh = Overlay.textHeight(--scale) + 4;
            w = 0;
            for (String l : HELP) w = Math.max(w, Overlay.textWidth(l, scale));
        }
        // A small picture: lines closer together, down to one pixel apart, so all fit.
        lh = Math.max(Overlay.textHeight(scale) + 1, Math.min(lh, (height - 16) / (HELP.size() + 2)));
        int h = (HELP.size() + 2) * lh;
        double x = (width - w) / 2.0, y = (height - h) / 2.0;
        o.rect(x - 16, y - 12, w + 32, h + 20, Overlay.argb(0x101018, 0.95));
        o.frame(x - 16, y - 12, w + 32, h + 20, 1, Overlay.argb(0x808080, 1));
        o.text(x, y, scale, "psiflux viewer keys", TEXT);
        y += 2 * lh;
        for (String l : HELP) {
            o.text(x, y, scale, l, TEXT);
            y += lh;
        }
    }
}
