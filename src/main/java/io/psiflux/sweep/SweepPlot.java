package io.psiflux.sweep;

import io.psiflux.UserError;
import io.psiflux.physics.Expressions;
import io.psiflux.viz.LinePlot;
import io.psiflux.viz.Png;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.objecthunter.exp4j.Expression;

/**
 * sweep.png: one column against another for the completed points, and optionally a reference
 * curve, an expression of x (or of the x column's name, when that is a word) drawn across the
 * range of the sweep's x values. The expression is checked before anything runs.
 *
 * @param y         the column plotted up
 * @param x         the column plotted across (a parameter or derived column)
 * @param reference the reference expression, or null
 * @param label     the reference's legend entry, or null for "reference: EXPRESSION"
 */
public record SweepPlot(String y, String x, String reference, String label) {

    /** Points drawn along the reference curve. */
    static final int SAMPLES = 400;

    /**
     * The plot a sweep asks for: {@code option} (--plot Y:X) when given, else the file's [plot];
     * the file's reference goes with --plot only when its x is the same. Null for no plot.
     */
    public static SweepPlot of(Plan plan, String option) {
        SweepFile.Plot file = plan.file().plot();
        SweepPlot p;
        if (option != null) {
            int colon = option.lastIndexOf(':');
            if (colon <= 0 || colon == option.length() - 1) {
                throw new UserError("--plot: expected Y:X, e.g. through_right:initial.momentum[0], got \"" + option + "\"");
            }
            String y = option.substring(0, colon), x = option.substring(colon + 1);
            plan.columns().checkPlot(y, x, "--plot");
            boolean same = file != null && file.x().equals(x);
            p = new SweepPlot(y, x, same ? file.reference() : null, same ? file.referenceLabel() : null);
        } else if (file != null) {
            p = new SweepPlot(file.y(), file.x(), file.reference(), file.referenceLabel());
        } else {
            return null;
        }
        if (p.reference != null) p.compile();
        return p;
    }

    /** The reference's variables: x, and the x column's name when it is a word. */
    private List<String> variables() {
        List<String> vars = new ArrayList<>(List.of("x"));
        if (x.matches("[A-Za-z_][A-Za-z0-9_]*") && !x.equals("x")) vars.add(x);
        return vars;
    }

    private Expression compile() {
        return Expressions.compile(reference, "plot.reference (variables: " + String.join(", ", variables()) + ")", variables());
    }

    /** Draws the plot of the table's completed rows into {@code file}. */
    void write(Path file, Plan plan, List<PointStatus> statuses) {
        List<String> cols = plan.columns().all();
        int xi = cols.indexOf(x), yi = cols.indexOf(y);
        List<double[]> xy = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < plan.points().size(); i++) {
            List<String> row = SweepTable.row(plan, plan.points().get(i), statuses.get(i));
            double xv = parse(row.get(xi));
            if (Double.isFinite(xv)) {
                lo = Math.min(lo, xv);
                hi = Math.max(hi, xv);
            }
            if (statuses.get(i).state() != PointStatus.State.COMPLETED) continue;
            double yv = parse(row.get(yi));
            if (Double.isFinite(xv) && Double.isFinite(yv)) xy.add(new double[] {xv, yv});
        }
        xy.sort((a, b) -> Double.compare(a[0], b[0]));
        List<LinePlot.Series> series = new ArrayList<>();
        if (reference != null && lo < hi) {
            Expression e = compile();
            double[] rx = new double[SAMPLES], ry = new double[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                rx[i] = lo + (hi - lo) * i / (SAMPLES - 1);
                for (String v : variables()) e.setVariable(v, rx[i]); // only ours: exp4j lists pi and e as variables too
                double r;
                try {
                    r = e.evaluate();
                } catch (ArithmeticException ex) {
                    r = Double.NaN;
                }
                ry[i] = r;
            }
            series.add(new LinePlot.Series(label != null ? label : "reference: " + reference, rx, ry, false, 0x1f6fd0));
        }
        double[] px = new double[xy.size()], py = new double[xy.size()];
        for (int i = 0; i < xy.size(); i++) {
            px[i] = xy.get(i)[0];
            py[i] = xy.get(i)[1];
        }
        series.add(new LinePlot.Series("psiflux, " + xy.size() + " point" + (xy.size() == 1 ? "" : "s"), px, py, true, 0xe8572a));
        String title = plan.file().name() + ": " + y + " against " + x;
        BufferedImage img = LinePlot.draw(title, x, y, series, 1000, 650);
        try {
            Png.write(img, file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write the plot (" + e.getMessage() + ")");
        }
    }

    private static double parse(String s) {
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
