package io.psiflux.viz;

import io.psiflux.sim.Snapshot;

import java.util.List;
import java.util.Locale;

/** The text and legends drawn over every picture: status line, colour wheel, key help. */
final class Hud {
    static final int TEXT = Overlay.argb(0xe8e8e8, 1);
    static final int DIM = Overlay.argb(0xa0a0a0, 1);
    /** Pixels the status line takes at the top of the picture; plots and fields start below it. */
    static final int STATUS_HEIGHT = 24;
    /** Room a legend takes beside a field (a column) or under it (a row), pixels. */
    static final int LEGEND_WIDTH = 220, LEGEND_HEIGHT = 110;

    static final List<String> HELP = List.of(
            "space   pause / resume",
            "R       reset the simulation",
            "+ / -   steps per frame",
            "C       current arrows on / off",
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

    /** The status line (and the view's extra status) at the top left. */
    static void status(Overlay o, Snapshot s, View view) {
        if (!view.showHud()) return;
        int y = 4;
        y += o.label(4, y, 2, s == null ? "waiting for the first frame" : statusLine(s), TEXT, 3) + 2;
        if (!view.status().isEmpty()) o.label(4, y, 1, view.status(), DIM, 3);
    }

    /**
     * The domain-colouring key centred at (cx, cy): hue around the circle is the phase
     * (0 to the right, counter-clockwise), brightness grows from black at the centre (psi = 0)
     * to |psi| = max at the rim; colours come from {@link Colors}.
     */
    static void colorWheel(Overlay o, double cx, double cy, double radius) {
        o.rect(cx - radius - 8, cy - radius - 20, 2 * radius + 16, 2 * radius + 30, Overlay.argb(0x000000, 0.6));
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
        o.text(cx - Overlay.textWidth(title, 1) / 2.0, cy - radius - 16, 1, title, TEXT);
        o.text(cx + radius - 5, cy - 3, 1, "0", Overlay.argb(0x000000, 1));
        o.text(cx - radius + 1, cy - 3, 1, "pi", Overlay.argb(0x000000, 1));
    }

    private static int wheel(double phase, double modulus) {
        return 0xff000000 | Colors.domainColor(modulus * Math.cos(phase), modulus * Math.sin(phase), 1.0);
    }

    /**
     * The colour wheel (if {@code wheel}) and notes in {@code box}: stacked when the box is taller
     * than wide, side by side otherwise.
     */
    static void legend(Overlay o, Region box, List<String> notes, boolean wheel) {
        double radius = 34;
        boolean column = box.h() > box.w();
        double cx = box.x() + radius + 8, cy = box.y() + radius + 20;
        if (wheel) colorWheel(o, cx, cy, radius);
        double x = column || !wheel ? box.x() : box.x() + 2 * radius + 28;
        double y = column && wheel ? box.y() + 2 * radius + 34 : box.y();
        int lh = Overlay.textHeight(1) + 3, w = 0;
        for (String l : notes) w = Math.max(w, Overlay.textWidth(l, 1));
        if (notes.isEmpty()) return;
        o.rect(x, y, w + 10, notes.size() * lh + 7, Overlay.argb(0x000000, 0.6));
        for (String l : notes) {
            o.text(x + 5, y + 5, 1, l, DIM);
            y += lh;
        }
    }

    /** The key help, centred. */
    static void help(Overlay o, int width, int height) {
        int scale = width >= 700 ? 2 : 1, lh = Overlay.textHeight(scale) + 4;
        int w = 0;
        for (String l : HELP) w = Math.max(w, Overlay.textWidth(l, scale));
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
