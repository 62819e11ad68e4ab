package io.psiflux.viz;

import io.psiflux.observe.Observation;

import java.util.ArrayList;
import java.util.List;

/**
 * The observables of a run up to now, for the time-series panel: norm, energy, {@code <x>} and,
 * for every flux plane, the probability that has crossed it ({@code through_NAME}: T(t) for a
 * plane behind a barrier, -R(t) for one in front). Fed one {@link Observation} at a time by the
 * front end that steps the simulation ({@code render}, {@code view}); thread-safe, since the
 * viewer's simulation thread adds while the window thread draws.
 */
public final class TimeSeries {
    private final List<String> names = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>(); // time, then one value per name

    /** Adds the observables of one output step; a time not after the last one starts over (a reset). */
    public synchronized void add(Observation o) {
        if (names.isEmpty()) {
            for (String c : o.columnNames()) if (chosen(c)) names.add(c);
        }
        if (!rows.isEmpty() && o.time() <= rows.get(rows.size() - 1)[0]) rows.clear();
        List<String> cols = o.columnNames();
        double[] v = o.values(), row = new double[names.size() + 1];
        row[0] = o.time();
        for (int i = 0; i < names.size(); i++) {
            int k = cols.indexOf(names.get(i));
            row[i + 1] = k >= 0 ? v[k] : Double.NaN;
        }
        rows.add(row);
    }

    private static boolean chosen(String column) {
        return column.equals("norm") || column.equals("energy") || column.equals("mean_x") || column.startsWith("through_");
    }

    /** The series' names (observables.csv column names). */
    public synchronized List<String> names() {
        return List.copyOf(names);
    }

    /** A copy of the rows: time, then the values in {@link #names()} order. */
    public synchronized List<double[]> rows() {
        List<double[]> out = new ArrayList<>(rows.size());
        for (double[] r : rows) out.add(r.clone());
        return out;
    }

    public synchronized int size() {
        return rows.size();
    }

    /**
     * Draws the panel in {@code box}: one strip per series sharing the time axis, each with its
     * name, latest value and range; text at scale {@code u}.
     */
    void draw(Overlay o, Region box, int u) {
        List<String> n = names();
        List<double[]> r = rows();
        int th = Overlay.textHeight(u);
        o.rect(box.x(), box.y(), box.w(), box.h(), Overlay.argb(0x000000, 0.85));
        o.line(box.x(), box.y(), box.x() + box.w(), box.y(), u, Overlay.argb(0x505050, 1));
        if (n.isEmpty() || r.isEmpty()) {
            o.text(box.x() + 6 * u, box.y() + 6 * u, u, "time series: waiting for the first output", Hud.DIM);
            return;
        }
        int label = Overlay.textWidth("through_right 0.0000", u) + 10 * u;
        Region plot = box.inset(label, 4 * u, 8 * u, th + 8 * u);
        double t0 = r.get(0)[0], t1 = Math.max(r.get(r.size() - 1)[0], t0 + 1e-12);
        int strips = n.size(), colors[] = {0xe8e8e8, 0xff7f50, 0x5aa0ff, 0x66e070, 0xd8c060, 0xc080ff};
        double sh = (double) plot.h() / strips;
        for (int k = 0; k < strips; k++) {
            double top = plot.y() + k * sh, bottom = top + sh - 2 * u;
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] row : r) {
                if (Double.isFinite(row[k + 1])) {
                    lo = Math.min(lo, row[k + 1]);
                    hi = Math.max(hi, row[k + 1]);
                }
            }
            int c = colors[k % colors.length];
            double last = r.get(r.size() - 1)[k + 1];
            if (sh >= th) o.text(box.x() + 4 * u, top + (sh - th) / 2, u, n.get(k) + " " + Hud.num(last), Overlay.argb(c, 1));
            if (!(hi >= lo)) continue;
            double span = hi - lo, mid = (hi + lo) / 2;
            // a flat series (norm) is drawn through the middle, with its spread named
            if (span < 1e-9 * Math.max(1, Math.abs(mid))) span = 0;
            o.line(plot.x(), bottom, plot.x() + plot.w(), bottom, 1, Overlay.argb(0xffffff, 0.1));
            double px = Double.NaN, py = Double.NaN;
            for (double[] row : r) {
                double x = plot.x() + (row[0] - t0) / (t1 - t0) * plot.w();
                double y = span == 0 ? (top + bottom) / 2 : bottom - (row[k + 1] - lo) / span * (bottom - top);
                if (Double.isFinite(px) && Double.isFinite(y)) o.line(px, py, x, y, 1.5 * u, Overlay.argb(c, 1));
                px = x;
                py = y;
            }
            if (r.size() == 1) o.rect(px - u, py - u, 2 * u, 2 * u, Overlay.argb(c, 1));
            if (sh >= 2 * th + 2 * u) {
                String range = span == 0 ? "flat" : Hud.num(lo) + " .. " + Hud.num(hi);
                o.text(plot.x() + plot.w() - Overlay.textWidth(range, u), top, u, range, Hud.DIM);
            }
        }
        String tl = "t = " + Hud.num(t0), tr = Hud.num(t1);
        o.text(plot.x(), plot.y() + plot.h() + 3 * u, u, tl, Hud.DIM);
        o.text(plot.x() + plot.w() - Overlay.textWidth(tr, u), plot.y() + plot.h() + 3 * u, u, tr, Hud.DIM);
    }
}
