package io.psiflux.viz;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.sim.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Line plots of a 1D snapshot against x: |psi|^2 (filled underneath with the phase hue),
 * Re psi, Im psi, the current j and the potential V. Each curve is divided by its own maximum
 * (named in the legend), so all fit on one axis from -1 to 1; psi's parts share max|psi|.
 */
final class Plot1D {
    static final int DENSITY = 0xffffff, RE = 0xff6a5a, IM = 0x5aa0ff, CURRENT = 0x66e070, POTENTIAL = 0xd8c060;
    private static final double Y_MIN = -1.1, Y_MAX = 1.15;

    private Plot1D() {
    }

    /** The plot box inside {@code r}, leaving room for the status line, ticks and labels. */
    static Region area(Region r, int width, int height) {
        int u = Hud.unit(width, height);
        return r.inset(64 * u, Hud.statusHeight(width, height) + 14 * u, 18 * u, 44 * u);
    }

    /** Visible x range {@code [lo, hi]} after pan and zoom. */
    static double[] xRange(Axis a, View view) {
        double c = a.min() + a.length() * (0.5 + view.panX()), half = a.length() / 2 / view.zoom();
        return new double[]{c - half, c + half};
    }

    /** Curves and the fill: draw with the plot area scissored. */
    static void curves(Overlay o, FieldTextures tex, View view, Region area, double maxPotential) {
        Snapshot s = tex.snapshot();
        double maxDensity = tex.maxDensity(), maxCurrent = tex.maxCurrent();
        Axis a = s.grid().axis(0);
        double[] xr = xRange(a, view);
        int n = a.n(), stride = s.grid().stride(0);
        ComplexField psi = s.psi();
        double maxAbs = Math.sqrt(maxDensity);
        double sx = area.w() / (xr[1] - xr[0]), sy = area.h() / (Y_MAX - Y_MIN);
        double y0 = area.y() + Y_MAX * sy;
        double[] px = new double[n];
        for (int i = 0; i < n; i++) px[i] = area.x() + (a.x(i) - xr[0]) * sx;
        // Only the points on screen, plus one beyond each edge; more than two per pixel column are
        // drawn as one min-max bar per column, so a million-point grid costs what the screen does.
        int lo = 0, hi = n - 1;
        while (lo < n - 1 && px[lo + 1] < area.x()) lo++;
        while (hi > lo && px[hi - 1] > area.x() + area.w()) hi--;
        Span span = new Span(px, lo, hi, hi - lo > 2 * area.w());

        if (maxDensity > 0) fill(o, span, tex, psi, stride, y0, sy);
        RealField v = s.potential();
        if (view.showPotential() && v != null && maxPotential > 0) {
            curve(o, span, y0, sy, i -> v.get(i * stride) / maxPotential, Overlay.argb(POTENTIAL, 0.9), 1.5);
        }
        RealField j = s.current();
        if (j != null && maxCurrent > 0) {
            curve(o, span, y0, sy, i -> j.get(0, i * stride) / maxCurrent, Overlay.argb(CURRENT, 1), 1.5);
        }
        if (maxAbs > 0) {
            if (psi != null) {
                curve(o, span, y0, sy, i -> psi.re(i * stride) / maxAbs, Overlay.argb(RE, 1), 1.5);
                curve(o, span, y0, sy, i -> psi.im(i * stride) / maxAbs, Overlay.argb(IM, 1), 1.5);
            }
            curve(o, span, y0, sy, i -> tex.density(i * stride) / maxDensity, Overlay.argb(DENSITY, 1), 2);
        }
    }

    /**
     * The grid points to draw: indices lo..hi at pixel positions px; {@code dense} when they are
     * to be binned by pixel column.
     */
    private record Span(double[] px, int lo, int hi, boolean dense) {
        /** The last index in the pixel column of point {@code i}. */
        int columnEnd(int i) {
            int c = (int) Math.floor(px[i]), k = i;
            while (k < hi && (int) Math.floor(px[k + 1]) == c) k++;
            return k;
        }
    }

    /** The area under the density, coloured by phase hue (grey without psi), fading to the axis. */
    private static void fill(Overlay o, Span span, FieldTextures tex, ComplexField psi, int stride, double y0, double sy) {
        double max = tex.maxDensity();
        if (!span.dense()) {
            double[] px = span.px();
            for (int i = span.lo(); i < span.hi(); i++) {
                int p = i * stride, q = (i + 1) * stride;
                double hp = tex.density(p) / max * sy, hq = tex.density(q) / max * sy;
                int cp = fill(psi, p), cq = fill(psi, q);
                o.quad(px[i], y0, faint(cp), px[i + 1], y0, faint(cq), px[i + 1], y0 - hq, cq, px[i], y0 - hp, cp);
            }
            return;
        }
        for (int i = span.lo(); i <= span.hi(); ) {
            int end = span.columnEnd(i), top = i;
            for (int k = i; k <= end; k++) if (tex.density(k * stride) > tex.density(top * stride)) top = k;
            int c = fill(psi, top * stride);
            double x = Math.floor(span.px()[i]), h = tex.density(top * stride) / max * sy;
            o.quad(x, y0, faint(c), x + 1, y0, faint(c), x + 1, y0 - h, c, x, y0 - h, c);
            i = end + 1;
        }
    }

    private static int faint(int argb) {
        return (argb & 0xffffff) | 0x20000000;
    }

    /** The fill colour at one point: the phase hue, or grey without psi. */
    private static int fill(ComplexField psi, int p) {
        if (psi == null) return Overlay.argb(0x808080, 0.55);
        return Overlay.argb(Colors.hsv(Colors.hue(psi.re(p), psi.im(p)), 1, 1), 0.55);
    }

    private interface Values {
        double at(int i);
    }

    private static void curve(Overlay o, Span span, double y0, double sy, Values f, int argb, double width) {
        double[] px = span.px();
        double prevX = px[span.lo()], prevY = y0 - f.at(span.lo()) * sy;
        for (int i = span.lo() + 1; i <= span.hi(); ) {
            double x = px[i], first = y0 - f.at(i) * sy, last = first;
            int end = i;
            if (span.dense()) {
                end = span.columnEnd(i);
                double top = first, bottom = first;
                for (int k = i + 1; k <= end; k++) {
                    double y = y0 - f.at(k) * sy;
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    last = y;
                }
                x = Math.floor(px[i]) + 0.5;
                if (bottom - top > 1) o.line(x, top - width / 2, x, bottom + width / 2, width, argb);
            }
            segment(o, prevX, prevY, x, first, width, argb);
            prevX = x;
            prevY = last;
            i = end + 1;
        }
    }

    /** A segment lengthened by half a width at each end, so joints between segments have no gaps. */
    private static void segment(Overlay o, double x0, double y0, double x1, double y1, double width, int argb) {
        double dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy);
        double ex = len > 0 ? dx / len * width / 2 : 0, ey = len > 0 ? dy / len * width / 2 : 0;
        o.line(x0 - ex, y0 - ey, x1 + ex, y1 + ey, width, argb);
    }

    /** Axes, ticks, labels and the legend: drawn unscissored after the curves. */
    static void axes(Overlay o, FieldTextures tex, View view, Region area, double maxPotential) {
        Snapshot s = tex.snapshot();
        double maxDensity = tex.maxDensity(), maxCurrent = tex.maxCurrent();
        Axis a = s.grid().axis(0);
        double[] xr = xRange(a, view);
        double sx = area.w() / (xr[1] - xr[0]), sy = area.h() / (Y_MAX - Y_MIN);
        double y0 = area.y() + Y_MAX * sy;
        int axis = Overlay.argb(0xa0a0a0, 1), grid = Overlay.argb(0xffffff, 0.08);
        o.frame(area.x(), area.y(), area.w(), area.h(), 1, axis);
        for (double t : new double[]{-1, -0.5, 0, 0.5, 1}) {
            double y = y0 - t * sy;
            o.line(area.x(), y, area.x() + area.w(), y, 1, t == 0 ? Overlay.argb(0xffffff, 0.25) : grid);
            o.line(area.x() - 5, y, area.x(), y, 1, axis);
            String l = Hud.num(t);
            o.text(area.x() - 8 - Overlay.textWidth(l, 1), y - 4, 1, l, Hud.DIM);
        }
        double step = niceStep((xr[1] - xr[0]) / 6);
        for (double t = Math.ceil(xr[0] / step) * step; t <= xr[1] + 1e-9 * step; t += step) {
            double x = area.x() + (t - xr[0]) * sx;
            o.line(x, area.y() + area.h(), x, area.y() + area.h() + 5, 1, axis);
            o.line(x, area.y(), x, area.y() + area.h(), 1, grid);
            String l = Hud.num(Math.abs(t) < 1e-9 * step ? 0 : t);
            o.text(x - Overlay.textWidth(l, 1) / 2.0, area.y() + area.h() + 8, 1, l, Hud.DIM);
        }
        o.text(area.x() + area.w() / 2.0 - 6, area.y() + area.h() + 22, 2, "x", Hud.TEXT);
        o.text(area.x() - 58, area.y() + area.h() + 24, 1, "y: each curve / its max", Hud.DIM);

        if (!view.showLegend()) return;
        List<String> names = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        names.add("|psi|^2  max " + Hud.num(maxDensity));
        colors.add(DENSITY);
        if (tex.hasPhase()) {
            names.add("Re psi   max|psi| " + Hud.num(Math.sqrt(maxDensity)));
            colors.add(RE);
            names.add("Im psi");
            colors.add(IM);
        }
        if (s.current() != null && maxCurrent > 0) {
            names.add("j        max|j| " + Hud.num(maxCurrent));
            colors.add(CURRENT);
        }
        if (view.showPotential() && s.potential() != null && maxPotential > 0) {
            names.add("V        max|V| " + Hud.num(maxPotential));
            colors.add(POTENTIAL);
        }
        if (tex.hasPhase()) {
            names.add("fill hue: arg psi");
            colors.add(-1);
        } else {
            names.add("no psi in this snapshot");
            colors.add(-2);
        }
        int lh = Overlay.textHeight(1) + 4, w = 0;
        for (String n : names) w = Math.max(w, Overlay.textWidth(n, 1));
        // Top right, unless the curves are higher there than at the top left.
        double boxW = w + 40, left = area.x() + 8, right = area.x() + area.w() - boxW - 2;
        double xMin = xr[0] + (right - area.x()) / sx, xMax = xr[1];
        double peakRight = peak(tex, a, xMin, xMax), peakLeft = peak(tex, a, xr[0], xr[0] + boxW / sx);
        double x = (peakRight > peakLeft ? left : right) + 6, y = area.y() + 8;
        o.rect(x - 6, y - 4, w + 40, names.size() * lh + 6, Overlay.argb(0x000000, 0.7));
        for (int i = 0; i < names.size(); i++) {
            double ly = y + i * lh;
            if (colors.get(i) >= 0) o.line(x, ly + 3.5, x + 22, ly + 3.5, 2, Overlay.argb(colors.get(i), 1));
            else if (colors.get(i) == -1) for (int k = 0; k < 22; k++) o.rect(x + k, ly, 1, 8, Overlay.argb(Colors.hsv(k / 22.0, 1, 1), 0.8));
            o.text(x + 28, ly, 1, names.get(i), Hud.TEXT);
        }
    }

    /** Largest |psi| / max|psi| (the tallest curve) over grid points with x in [lo, hi]. */
    private static double peak(FieldTextures tex, Axis a, double lo, double hi) {
        if (!(tex.maxDensity() > 0)) return 0;
        int stride = tex.snapshot().grid().stride(0);
        double max = 0;
        for (int i = 0; i < a.n(); i++) {
            double x = a.x(i);
            if (x >= lo && x <= hi) max = Math.max(max, tex.density(i * stride));
        }
        return Math.sqrt(max / tex.maxDensity());
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }
}
