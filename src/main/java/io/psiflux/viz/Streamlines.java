package io.psiflux.viz;

import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evenly spaced streamlines of the probability current j on a plane (Jobard and Lefer, 1997). A
 * streamline of j is a path of the Bohmian flow v = j / rho, so the lines show where probability
 * goes; their brightness shows |j|.
 *
 * <p>Seeds lie on a screen lattice {@link #SEPARATION} units apart, taken in order of decreasing
 * |j|, so the strongest flow (through a slit, say) gets its lines first. Each line is traced both
 * ways from its seed with midpoint (second-order Runge-Kutta) steps of {@link #STEP} units along
 * j / |j|, and stops where it comes closer than half the separation to another line or to its own
 * earlier part (so a loop around a vortex closes), where the density falls below
 * {@link #MIN_DENSITY} of the frame's maximum (the phase, and so j's direction, is noise there),
 * where |j| vanishes, or at the edge of the box or of the view. j and the density are interpolated
 * bilinearly between grid points, periodically across the box. A chevron every
 * {@link #MARK_EVERY} separations gives the direction.
 *
 * <p>Plain Java on the host (a few ms for a full-HD picture); drawing goes through {@link Overlay}.
 */
final class Streamlines {
    /** Pixels between neighbouring lines, in size units ({@link Hud#unit}). */
    static final double SEPARATION = 10;
    /** Integration step along a line, in size units. */
    static final double STEP = 1.5;
    /** Lines stop where |psi|^2 is below this fraction of the frame's maximum. */
    static final double MIN_DENSITY = 1e-3;
    /** Separations of arc length between direction marks. */
    static final double MARK_EVERY = 5;

    private Streamlines() {
    }

    /** One traced line: screen points and |j| / scale at each, in the direction of j. */
    record Line(double[] x, double[] y, double[] strength) {
        int size() {
            return x.length;
        }
    }

    /** Traces and draws the streamlines of {@code tex}'s current on {@code plane}; returns how many were drawn. */
    static int draw(Overlay o, FieldTextures tex, Plane plane, FieldPass.Mapping m, double scale, boolean colored, int u) {
        List<Line> lines = trace(tex, plane, m, scale, u);
        double mark = MARK_EVERY * SEPARATION * u;
        for (Line l : lines) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i + 1 < l.size(); i++) {
                    double a = 0.3 + 0.7 * Math.sqrt(Math.min(1, l.strength()[i]));
                    int c = colored ? Colors.ColorMap.INFERNO.at(0.3 + 0.7 * Math.min(1, l.strength()[i])) : 0xffffff;
                    if (pass == 0) o.line(l.x()[i], l.y()[i], l.x()[i + 1], l.y()[i + 1], 3.0 * u, Overlay.argb(0x000000, 0.3 * a));
                    else o.line(l.x()[i], l.y()[i], l.x()[i + 1], l.y()[i + 1], 1.2 * u, Overlay.argb(c, a));
                }
            }
            double run = mark / 2;
            for (int i = 0; i + 1 < l.size(); i++) {
                double dx = l.x()[i + 1] - l.x()[i], dy = l.y()[i + 1] - l.y()[i], d = Math.hypot(dx, dy);
                run += d;
                if (run < mark || d == 0) continue;
                run = 0;
                double ux = dx / d, uy = dy / d, len = 4.5 * u, w = 3 * u;
                double tx = l.x()[i + 1], ty = l.y()[i + 1];
                double a = 0.4 + 0.6 * Math.sqrt(Math.min(1, l.strength()[i]));
                int c = colored ? Colors.ColorMap.INFERNO.at(0.3 + 0.7 * Math.min(1, l.strength()[i])) : 0xffffff;
                o.triangle(tx + ux * len * 0.4, ty + uy * len * 0.4, Overlay.argb(c, a),
                        tx - ux * len - uy * w, ty - uy * len + ux * w, Overlay.argb(c, a),
                        tx - ux * len + uy * w, ty - uy * len - ux * w, Overlay.argb(c, a));
            }
        }
        return lines.size();
    }

    /** The streamlines in screen coordinates (package-private for tests). */
    static List<Line> trace(FieldTextures tex, Plane plane, FieldPass.Mapping m, double scale, int u) {
        RealField j = tex.snapshot().current();
        List<Line> out = new ArrayList<>();
        if (j == null || !(scale > 0) || j.components() <= Math.max(plane.h(), plane.v())) return out;
        Sampler f = new Sampler(tex, plane, j);
        Axis h = plane.hAxis(), v = plane.vAxis();
        double left = Math.max(m.px(h.min()), m.region().x()), right = Math.min(m.px(h.max()), m.region().x() + m.region().w());
        double top = Math.max(m.py(v.max()), m.region().y()), bottom = Math.min(m.py(v.min()), m.region().y() + m.region().h());
        if (right - left < 4 || bottom - top < 4) return out;
        double sep = SEPARATION * u, step = STEP * u, minRho = MIN_DENSITY * tex.maxDensity();
        Occupancy occ = new Occupancy(left, top, right, bottom, sep);

        // Seeds on the lattice, strongest current first.
        List<double[]> seeds = new ArrayList<>();
        for (double y = top + sep / 2; y < bottom; y += sep) {
            for (double x = left + sep / 2; x < right; x += sep) {
                double[] s = f.at(m.worldH(x), m.worldV(y));
                double mag = Math.hypot(s[0], s[1]);
                if (s[2] >= minRho && mag > 1e-9 * scale) seeds.add(new double[]{x, y, mag});
            }
        }
        seeds.sort((a, b) -> Double.compare(b[2], a[2]));
        int maxSteps = (int) Math.min(20000, 4 * (right - left + bottom - top) / step);
        int id = 0;
        for (double[] seed : seeds) {
            if (occ.near(seed[0], seed[1], sep, -1, 0, 0)) continue;
            int line = id++;
            double[][] fwd = march(f, m, occ, seed, +1, line, step, sep, minRho, maxSteps, left, top, right, bottom);
            double[][] back = march(f, m, occ, seed, -1, line, step, sep, minRho, maxSteps, left, top, right, bottom);
            int n = back[0].length + fwd[0].length - 1;
            if (n * step < 2 * sep) continue; // a stub: drawn it would be a dot
            double[] xs = new double[n], ys = new double[n], st = new double[n];
            int k = 0;
            for (int i = back[0].length - 1; i >= 1; i--, k++) {
                xs[k] = back[0][i];
                ys[k] = back[1][i];
                st[k] = back[2][i] / scale;
            }
            for (int i = 0; i < fwd[0].length; i++, k++) {
                xs[k] = fwd[0][i];
                ys[k] = fwd[1][i];
                st[k] = fwd[2][i] / scale;
            }
            out.add(new Line(xs, ys, st));
        }
        return out;
    }

    /**
     * Traces from {@code seed} along {@code sign * j} and records the points in {@code occ};
     * returns {x[], y[], |j|[]}, the seed first.
     */
    private static double[][] march(Sampler f, FieldPass.Mapping m, Occupancy occ, double[] seed, int sign, int line,
                                    double step, double sep, double minRho, int maxSteps,
                                    double left, double top, double right, double bottom) {
        double[] xs = new double[16], ys = new double[16], js = new double[16];
        double x = seed[0], y = seed[1];
        xs[0] = x;
        ys[0] = y;
        js[0] = seed[2];
        int n = 1;
        if (sign > 0) occ.add(x, y, line, 0);
        int lag = (int) Math.ceil(3 * sep / step);
        for (int k = 1; k <= maxSteps; k++) {
            double[] d1 = direction(f, m, x, y, sign);
            if (d1 == null) break;
            double[] d2 = direction(f, m, x + 0.5 * step * d1[0], y + 0.5 * step * d1[1], sign);
            if (d2 == null) break;
            double nx = x + step * d2[0], ny = y + step * d2[1];
            if (nx < left || nx >= right || ny < top || ny >= bottom) break;
            double[] s = f.at(m.worldH(nx), m.worldV(ny));
            if (s[2] < minRho) break;
            int index = sign * k;
            if (occ.near(nx, ny, 0.5 * sep, line, index, lag)) break;
            occ.add(nx, ny, line, index);
            if (n == xs.length) {
                xs = Arrays.copyOf(xs, 2 * n);
                ys = Arrays.copyOf(ys, 2 * n);
                js = Arrays.copyOf(js, 2 * n);
            }
            xs[n] = x = nx;
            ys[n] = y = ny;
            js[n] = Math.hypot(s[0], s[1]);
            n++;
        }
        return new double[][]{Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), Arrays.copyOf(js, n)};
    }

    /** Unit screen direction of {@code sign * j} at screen point (x, y), or null where j vanishes. */
    private static double[] direction(Sampler f, FieldPass.Mapping m, double x, double y, int sign) {
        double[] s = f.at(m.worldH(x), m.worldV(y));
        double len = Math.hypot(s[0], s[1]);
        if (!(len > 0)) return null;
        return new double[]{sign * s[0] / len, -sign * s[1] / len}; // screen y grows downwards
    }

    /** Bilinear, periodic interpolation of (j_h, j_v, rho) on a plane. */
    private static final class Sampler {
        private final FieldTextures tex;
        private final Plane plane;
        private final RealField j;
        private final Axis h, v;

        Sampler(FieldTextures tex, Plane plane, RealField j) {
            this.tex = tex;
            this.plane = plane;
            this.j = j;
            h = plane.hAxis();
            v = plane.vAxis();
        }

        double[] at(double wh, double wv) {
            double fh = (wh - h.min()) / h.dx(), fv = (wv - v.min()) / v.dx();
            int ih = (int) Math.floor(fh), iv = (int) Math.floor(fv);
            double th = fh - ih, tv = fv - iv;
            double[] r = new double[3];
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    double w = (a == 0 ? 1 - th : th) * (b == 0 ? 1 - tv : tv);
                    if (w == 0) continue;
                    int p = plane.flat(ih + a, iv + b);
                    r[0] += w * j.get(plane.h(), p);
                    r[1] += w * j.get(plane.v(), p);
                    r[2] += w * tex.density(p);
                }
            }
            return r;
        }
    }

    /** Points of the lines so far, bucketed in square cells one separation wide. */
    private static final class Occupancy {
        private final double left, top, cell;
        private final int cols, rows;
        private final List<List<double[]>> cells;

        Occupancy(double left, double top, double right, double bottom, double cell) {
            this.left = left;
            this.top = top;
            this.cell = cell;
            cols = Math.max(1, (int) Math.ceil((right - left) / cell));
            rows = Math.max(1, (int) Math.ceil((bottom - top) / cell));
            cells = new ArrayList<>(cols * rows);
            for (int i = 0; i < cols * rows; i++) cells.add(null);
        }

        void add(double x, double y, int line, int index) {
            int c = Math.min(cols - 1, Math.max(0, (int) ((x - left) / cell)));
            int r = Math.min(rows - 1, Math.max(0, (int) ((y - top) / cell)));
            List<double[]> l = cells.get(r * cols + c);
            if (l == null) cells.set(r * cols + c, l = new ArrayList<>());
            l.add(new double[]{x, y, line, index});
        }

        /**
         * True when a point of another line, or of line {@code line} more than {@code lag} steps
         * away along it, lies within {@code d} of (x, y).
         */
        boolean near(double x, double y, double d, int line, int index, int lag) {
            int c = (int) ((x - left) / cell), r = (int) ((y - top) / cell);
            for (int rr = r - 1; rr <= r + 1; rr++) {
                if (rr < 0 || rr >= rows) continue;
                for (int cc = c - 1; cc <= c + 1; cc++) {
                    if (cc < 0 || cc >= cols) continue;
                    List<double[]> l = cells.get(rr * cols + cc);
                    if (l == null) continue;
                    for (double[] p : l) {
                        if ((p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y) >= d * d) continue;
                        if ((int) p[2] != line || Math.abs((int) p[3] - index) > lag) return true;
                    }
                }
            }
            return false;
        }
    }
}
