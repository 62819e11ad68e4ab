package io.psiflux.viz;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.sim.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Plots of a 1D snapshot against x, in two stacked boxes that share the x axis. The upper box
 * has an energy axis on the left, on which the potential V(x) and the energy E = <H> (a dashed
 * line) are drawn in the same units, and a density axis on the right for |psi|^2 (filled
 * underneath with the phase hue). The lower box holds the current j(x) on its own axis. Every
 * axis has numbers, and its range is fixed at the first frame (see {@link View#scalePerFrame}),
 * so a packet that spreads is seen to get lower.
 */
final class Plot1D {
    static final int DENSITY = 0xffffff, CURRENT = 0x66e070, POTENTIAL = 0xd8c060, ENERGY = 0xff7f50;
    /** Fraction of the plot height taken by the upper (energy and density) box. */
    static final double UPPER = 0.68;

    private Plot1D() {
    }

    /** The plot region inside {@code r} (both boxes), leaving room for the status line, axes and labels. */
    static Region area(Region r, int width, int height) {
        int u = Hud.unit(width, height);
        int side = Overlay.textWidth("-0.000", u) + 14 * u;
        return r.inset(side, Hud.statusHeight(width, height) + 10 * u, side, 2 * Overlay.textHeight(u) + 16 * u);
    }

    /** The upper box (V, E, |psi|^2) of plot region {@code area}. */
    static Region upper(Region area, int u) {
        return new Region(area.x(), area.y(), area.w(), (int) Math.round(area.h() * UPPER) - 4 * u);
    }

    /** The lower box (j) of plot region {@code area}. */
    static Region lower(Region area, int u) {
        int top = area.y() + (int) Math.round(area.h() * UPPER) + 4 * u;
        return new Region(area.x(), top, area.w(), area.y() + area.h() - top);
    }

    /**
     * The energy axis wanted for a frame: from below the lowest of V and E to a little above E,
     * or up to the top of V where V does not climb far above E (a barrier); a confining V that
     * grows large at the box edges is cut at 2.5 times E's height above the floor.
     */
    static double[] energyRange(double vMin, double vMax, double e) {
        double lo = Math.min(vMin, e), rise = Math.max(e - lo, 0);
        double hi = Math.max(e, Math.min(vMax, lo + 2.5 * rise));
        if (!(hi > lo)) hi = lo + Math.max(1, Math.abs(lo));
        double pad = 0.08 * (hi - lo);
        return new double[]{lo - pad, hi + 2 * pad};
    }

    /** Visible x range {@code [lo, hi]} after pan and zoom. */
    static double[] xRange(Axis a, View view) {
        double c = a.min() + a.length() * (0.5 + view.panX()), half = a.length() / 2 / view.zoom();
        return new double[]{c - half, c + half};
    }

    /** The scales of one frame: density, |j| and the energy axis. */
    record Scales(double density, double current, double eLo, double eHi) {
        static Scales of(FieldTextures tex, View view) {
            double[] er = view.energyRangeFor(energyRange(tex.vMin(), tex.vMax(), tex.snapshot().energy())[0],
                    energyRange(tex.vMin(), tex.vMax(), tex.snapshot().energy())[1]);
            return new Scales(view.densityScaleFor(tex.maxDensity()), view.currentScaleFor(tex.maxCurrent()), er[0], er[1]);
        }
    }

    /** Curves and the fill: draw with the plot area scissored (the caller flushes per box). */
    static void curves(Overlay o, FieldTextures tex, View view, Region upper, Region lower, Scales sc, int u, boolean upperBox) {
        Snapshot s = tex.snapshot();
        Axis a = s.grid().axis(0);
        double[] xr = xRange(a, view);
        int n = a.n(), stride = s.grid().stride(0);
        ComplexField psi = s.psi();
        double sx = upper.w() / (xr[1] - xr[0]);
        double[] px = new double[n];
        for (int i = 0; i < n; i++) px[i] = upper.x() + (a.x(i) - xr[0]) * sx;
        // Only the points on screen, plus one beyond each edge; more than two per pixel column are
        // drawn as one min-max bar per column, so a million-point grid costs what the screen does.
        int lo = 0, hi = n - 1;
        while (lo < n - 1 && px[lo + 1] < upper.x()) lo++;
        while (hi > lo && px[hi - 1] > upper.x() + upper.w()) hi--;
        Span span = new Span(px, lo, hi, hi - lo > 2 * upper.w());

        if (!upperBox) {
            currentCurve(o, s, lower, sc, u, new Span(px, lo, hi, span.dense()), stride);
            return;
        }
        // Upper box: density from its bottom on the right axis, V and E on the left axis.
        double dTop = 1.1 * sc.density();
        double yd0 = upper.y() + upper.h(), syd = upper.h() / dTop;
        if (sc.density() > 0) fill(o, span, tex, psi, stride, yd0, syd);
        double sye = upper.h() / (sc.eHi() - sc.eLo()), ye0 = upper.y() + upper.h() + sc.eLo() * sye;
        RealField v = s.potential();
        if (view.showPotential() && v != null) {
            curve(o, span, ye0, sye, i -> v.get(i * stride), Overlay.argb(POTENTIAL, 0.95), 2 * u);
        }
        double ey = ye0 - s.energy() * sye;
        for (double x = upper.x(); x < upper.x() + upper.w(); x += 12 * u) {
            o.line(x, ey, Math.min(x + 7 * u, upper.x() + upper.w()), ey, 1.5 * u, Overlay.argb(ENERGY, 0.95));
        }
        if (sc.density() > 0) curve(o, span, yd0, syd, i -> tex.density(i * stride), Overlay.argb(DENSITY, 1), 2 * u);

    }

    /** The lower box: j about its middle. */
    private static void currentCurve(Overlay o, Snapshot s, Region lower, Scales sc, int u, Span span, int stride) {
        RealField j = s.current();
        double jTop = 1.1 * sc.current(), yj0 = lower.y() + lower.h() / 2.0;
        if (j != null && sc.current() > 0) {
            curve(o, span, yj0, lower.h() / 2.0 / jTop, i -> j.get(0, i * stride), Overlay.argb(CURRENT, 1), 2 * u);
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
        if (!span.dense()) {
            double[] px = span.px();
            for (int i = span.lo(); i < span.hi(); i++) {
                int p = i * stride, q = (i + 1) * stride;
                double hp = tex.density(p) * sy, hq = tex.density(q) * sy;
                int cp = fill(psi, p), cq = fill(psi, q);
                o.quad(px[i], y0, faint(cp), px[i + 1], y0, faint(cq), px[i + 1], y0 - hq, cq, px[i], y0 - hp, cp);
            }
            return;
        }
        for (int i = span.lo(); i <= span.hi(); ) {
            int end = span.columnEnd(i), top = i;
            for (int k = i; k <= end; k++) if (tex.density(k * stride) > tex.density(top * stride)) top = k;
            int c = fill(psi, top * stride);
            double x = Math.floor(span.px()[i]), h = tex.density(top * stride) * sy;
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
    static void axes(Overlay o, FieldTextures tex, View view, Region upper, Region lower, Scales sc, int u) {
        Snapshot s = tex.snapshot();
        Axis a = s.grid().axis(0);
        double[] xr = xRange(a, view);
        double sx = upper.w() / (xr[1] - xr[0]);
        int axis = Overlay.argb(0xa0a0a0, 1), grid = Overlay.argb(0xffffff, 0.08), th = Overlay.textHeight(u);
        o.frame(upper.x(), upper.y(), upper.w(), upper.h(), u, axis);
        o.frame(lower.x(), lower.y(), lower.w(), lower.h(), u, axis);
        // Left: energy; right: density (upper box); left: j (lower box).
        ticks(o, upper, sc.eLo(), sc.eHi(), true, u, POTENTIAL, grid);
        if (sc.density() > 0) ticks(o, upper, 0, 1.1 * sc.density(), false, u, DENSITY, 0);
        if (sc.current() > 0) {
            ticks(o, lower, -1.1 * sc.current(), 1.1 * sc.current(), true, u, CURRENT, grid);
            double y0 = lower.y() + lower.h() / 2.0;
            o.line(lower.x(), y0, lower.x() + lower.w(), y0, u, Overlay.argb(0xffffff, 0.25));
        }
        double step = niceStep((xr[1] - xr[0]) / 6);
        for (double t = Math.ceil(xr[0] / step) * step; t <= xr[1] + 1e-9 * step; t += step) {
            double x = lower.x() + (t - xr[0]) * sx;
            o.line(x, lower.y() + lower.h(), x, lower.y() + lower.h() + 4 * u, u, axis);
            o.line(x, upper.y(), x, upper.y() + upper.h(), u, grid);
            o.line(x, lower.y(), x, lower.y() + lower.h(), u, grid);
            String l = Hud.num(Math.abs(t) < 1e-9 * step ? 0 : t);
            o.text(x - Overlay.textWidth(l, u) / 2.0, lower.y() + lower.h() + 6 * u, u, l, Hud.DIM);
        }
        o.text(lower.x() + lower.w() / 2.0 - Overlay.textWidth("x", u) / 2.0, lower.y() + lower.h() + 8 * u + th, u, "x", Hud.TEXT);
        // Axis titles inside the boxes' top corners, in the curves' colours.
        o.label(upper.x() + 4 * u, upper.y() + 3 * u, u, "energy: V, E", Overlay.argb(POTENTIAL, 1), 2 * u);
        String dn = "|psi|^2";
        o.label(upper.x() + upper.w() - Overlay.textWidth(dn, u) - 8 * u, upper.y() + 3 * u, u, dn, Overlay.argb(DENSITY, 1), 2 * u);
        if (sc.current() > 0) o.label(lower.x() + 4 * u, lower.y() + 3 * u, u, "current j", Overlay.argb(CURRENT, 1), 2 * u);
        String e = "E = " + Hud.num(s.energy());
        double ey = upper.y() + upper.h() - (s.energy() - sc.eLo()) / (sc.eHi() - sc.eLo()) * upper.h();
        if (ey > upper.y() + th + 8 * u && ey < upper.y() + upper.h() - 2) {
            o.label(upper.x() + upper.w() / 2.0 - Overlay.textWidth(e, u) / 2.0, ey - th - 5 * u, u, e, Overlay.argb(ENERGY, 1), u);
        }
        String fill = tex.hasPhase() ? "fill hue: arg psi" : "no psi: grey fill";
        // Under the left title, where it cannot run into the right one.
        if (Overlay.textWidth(fill, u) + 12 * u < upper.w() - Overlay.textWidth(dn, u) - 12 * u) {
            o.label(upper.x() + 4 * u, upper.y() + th + 9 * u, u, fill, Hud.DIM, 2 * u);
        }
    }

    /** Numbered ticks of [lo, hi] on the left or right edge of {@code box}; grid lines when {@code grid} is not 0. */
    private static void ticks(Overlay o, Region box, double lo, double hi, boolean left, int u, int rgb, int grid) {
        double step = niceStep((hi - lo) / 5), sy = box.h() / (hi - lo);
        int th = Overlay.textHeight(u);
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) {
            double y = box.y() + box.h() - (t - lo) * sy;
            if (y < box.y() + th / 2.0 || y > box.y() + box.h() - th / 2.0 + 1) continue;
            String l = Hud.num(Math.abs(t) < 1e-9 * step ? 0 : t);
            if (grid != 0) o.line(box.x(), y, box.x() + box.w(), y, u, grid);
            if (left) {
                o.line(box.x() - 4 * u, y, box.x(), y, u, Overlay.argb(rgb, 1));
                o.text(box.x() - 6 * u - Overlay.textWidth(l, u), y - th / 2.0, u, l, Overlay.argb(rgb, 0.9));
            } else {
                o.line(box.x() + box.w(), y, box.x() + box.w() + 4 * u, y, u, Overlay.argb(rgb, 1));
                o.text(box.x() + box.w() + 6 * u, y - th / 2.0, u, l, Overlay.argb(rgb, 0.9));
            }
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }
}
