package io.psiflux.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A plain x-y plot drawn into a {@link BufferedImage} with java.awt (headless: no display, no
 * OpenGL), text in the built-in {@link Font5x7} so that a box without system fonts draws it the
 * same: axes with round ticks, a light grid, series as markers or lines, a legend. Used for a
 * sweep's sweep.png.
 */
public final class LinePlot {
    private LinePlot() {
    }

    /**
     * One series.
     *
     * @param label  its legend entry
     * @param x      x values
     * @param y      y values (NaN entries are left out)
     * @param points true: a marker per point; false: a line through them in order
     * @param rgb    colour, 0xRRGGBB
     */
    public record Series(String label, double[] x, double[] y, boolean points, int rgb) {
    }

    private static final int LEFT = 120, RIGHT = 40, TOP = 70, BOTTOM = 90;

    /** Draws the series on one pair of axes. */
    public static BufferedImage draw(String title, String xLabel, String yLabel, List<Series> series, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double[] xr = range(series, true), yr = range(series, false);
            int px0 = LEFT, px1 = width - RIGHT, py0 = height - BOTTOM, py1 = TOP;
            Scale sx = new Scale(xr[0], xr[1], px0, px1), sy = new Scale(yr[0], yr[1], py0, py1);

            // grid, ticks and tick labels
            g.setStroke(new BasicStroke(1f));
            for (double t : sx.ticks()) {
                int p = (int) Math.round(sx.map(t));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(p, py1, p, py0);
                g.setColor(Color.DARK_GRAY);
                g.drawLine(p, py0, p, py0 + 6);
                String s = sx.label(t);
                text(g, s, p - width(s, 2) / 2, py0 + 14, 2, 0x333333);
            }
            for (double t : sy.ticks()) {
                int p = (int) Math.round(sy.map(t));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(px0, p, px1, p);
                g.setColor(Color.DARK_GRAY);
                g.drawLine(px0 - 6, p, px0, p);
                String s = sy.label(t);
                text(g, s, px0 - 12 - width(s, 2), p - 7, 2, 0x333333);
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(px0, py1, px1 - px0, py0 - py1);

            // the series: lines first, markers on top
            java.awt.Shape clip = g.getClip();
            g.setClip(px0, py1, px1 - px0 + 1, py0 - py1 + 1);
            for (Series s : series) {
                if (s.points()) continue;
                Path2D.Double path = new Path2D.Double();
                boolean pen = false;
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) {
                        pen = false;
                        continue;
                    }
                    double X = sx.map(s.x()[i]), Y = sy.map(s.y()[i]);
                    if (pen) path.lineTo(X, Y);
                    else path.moveTo(X, Y);
                    pen = true;
                }
                g.setColor(new Color(s.rgb()));
                g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(path);
            }
            for (Series s : series) {
                if (!s.points()) continue;
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) continue;
                    marker(g, sx.map(s.x()[i]), sy.map(s.y()[i]), s.rgb());
                }
            }
            g.setClip(clip);

            // labels and title
            text(g, xLabel, (px0 + px1) / 2 - width(xLabel, 2) / 2, height - 36, 2, 0x111111);
            verticalText(g, yLabel, 22, (py0 + py1) / 2 + width(yLabel, 2) / 2, 2, 0x111111);
            text(g, title, Math.max(8, (width - width(title, 3)) / 2), 22, 3, 0x111111);

            // legend: in the corner of the axes that hides fewest points; labels cut to fit
            int rowH = 24, maxChars = Math.max(8, ((px1 - px0) * 3 / 4 - 60) / (Font5x7.CELL_W * 2));
            List<String> labels = new java.util.ArrayList<>();
            int lw = 0;
            for (Series s : series) {
                String l = s.label().length() <= maxChars ? s.label() : s.label().substring(0, maxChars - 3) + "...";
                labels.add(l);
                lw = Math.max(lw, width(l, 2));
            }
            int boxW = lw + 60, boxH = rowH * series.size() + 8;
            int[][] corners = {{px0 + 8, py1 + 6}, {px1 - boxW - 8, py1 + 6}, {px1 - boxW - 8, py0 - boxH - 6}, {px0 + 8, py0 - boxH - 6}};
            int best = 0, fewest = Integer.MAX_VALUE;
            for (int c = 0; c < corners.length; c++) {
                int n = 0;
                for (Series s : series) {
                    for (int i = 0; i < s.x().length; i++) {
                        double X = sx.map(s.x()[i]), Y = sy.map(s.y()[i]);
                        if (X >= corners[c][0] - 6 && X <= corners[c][0] + boxW + 6 && Y >= corners[c][1] - 6 && Y <= corners[c][1] + boxH + 6) {
                            n += s.points() ? 50 : 1; // hiding a marker is worse than crossing a curve
                        }
                    }
                }
                if (n < fewest) {
                    fewest = n;
                    best = c;
                }
            }
            int bx = corners[best][0], by = corners[best][1];
            g.setColor(new Color(255, 255, 255, 235));
            g.fillRect(bx, by, boxW, boxH);
            g.setColor(new Color(0xbbbbbb));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(bx, by, boxW, boxH);
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                int lx = bx + 8, cy = by + 8 + i * rowH + 7;
                if (s.points()) {
                    marker(g, lx + 16, cy, s.rgb());
                } else {
                    g.setColor(new Color(s.rgb()));
                    g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    g.drawLine(lx, cy, lx + 32, cy);
                }
                text(g, labels.get(i), lx + 44, cy - 7, 2, 0x222222);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void marker(Graphics2D g, double x, double y, int rgb) {
        double r = 5;
        Ellipse2D.Double e = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        g.setColor(new Color(rgb));
        g.fill(e);
        g.setColor(new Color(0x222222));
        g.setStroke(new BasicStroke(1.2f));
        g.draw(e);
    }

    /** Data range over all series, padded by 4% (a flat range by 0.5 either side). */
    private static double[] range(List<Series> series, boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double v = x ? s.x()[i] : s.y()[i];
                if (!Double.isFinite(v) || !Double.isFinite(x ? s.y()[i] : s.x()[i])) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) return new double[] {0, 1};
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) return new double[] {lo - 0.5, hi + 0.5};
        double pad = 0.04 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /** A linear map from data to pixels, with round ticks. */
    private record Scale(double lo, double hi, double p0, double p1) {
        double map(double v) {
            return p0 + (v - lo) / (hi - lo) * (p1 - p0);
        }

        double step() {
            return Plot1D.niceStep((hi - lo) / 7);
        }

        double[] ticks() {
            double s = step();
            long first = (long) Math.ceil(lo / s), last = (long) Math.floor(hi / s);
            double[] t = new double[(int) Math.max(0, last - first + 1)];
            for (int i = 0; i < t.length; i++) t[i] = (first + i) * s;
            return t;
        }

        String label(double v) {
            double s = step();
            if (Math.abs(v) < s * 1e-6) v = 0;
            double mag = Math.max(Math.abs(lo), Math.abs(hi));
            if (mag >= 1e5 || mag < 1e-3) return String.format(Locale.ROOT, "%.2e", v);
            int decimals = (int) Math.max(0, -Math.floor(Math.log10(s) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }

    /** Text width in pixels at a scale (6 pixels a character, less the last column). */
    static int width(String s, int scale) {
        return Math.max(0, s.length() * Font5x7.CELL_W - 1) * scale;
    }

    /** Draws text with its top-left corner at (x, y). */
    static void text(Graphics2D g, String s, int x, int y, int scale, int rgb) {
        g.setColor(new Color(rgb));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            for (int col = 0; col < 5; col++) {
                for (int row = 0; row < 7; row++) {
                    if (Font5x7.pixel(c, col, row)) g.fillRect(x + (i * Font5x7.CELL_W + col) * scale, y + row * scale, scale, scale);
                }
            }
        }
    }

    /** Draws text turned a quarter left (reading upwards), starting at its bottom-left (x, y). */
    static void verticalText(Graphics2D g, String s, int x, int y, int scale, int rgb) {
        g.setColor(new Color(rgb));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            for (int col = 0; col < 5; col++) {
                for (int row = 0; row < 7; row++) {
                    if (Font5x7.pixel(c, col, row)) g.fillRect(x + row * scale, y - (i * Font5x7.CELL_W + col + 1) * scale, scale, scale);
                }
            }
        }
    }
}
