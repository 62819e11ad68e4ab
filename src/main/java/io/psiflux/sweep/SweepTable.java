package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.psiflux.UserError;
import io.psiflux.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * sweep.csv: one row per point, the parameter values, the derived columns, then what the point's
 * run reported (public contract, see docs/sweep.md):
 * {@code point, <parameters>, <derived>, norm, energy[, lz][, chemical_potential][, absorbed]
 * [, through_NAME ...][, energy_0 ...], status, seconds}. Results are filled for completed points
 * only; status is pending, running, interrupted, completed or failed. Numbers are written in
 * full precision ({@link Double#toString}); a one-entry array value (initial.momentum = [1.5])
 * is written as its number, other arrays and strings as CSV-quoted text.
 */
public final class SweepTable {
    private SweepTable() {
    }

    /** The result columns' names, for messages. */
    static final String RESULT_COLUMNS_SAID = "point, norm, energy, lz, chemical_potential, absorbed, through_NAME, energy_K, status, "
            + "seconds";

    /** True for a name the results use (a parameter or derived column may not take it). */
    static boolean isResultColumn(String name) {
        return List.of("point", "norm", "energy", "lz", "chemical_potential", "absorbed", "status", "seconds").contains(name)
                || name.startsWith("through_") || name.matches("energy_\\d+");
    }

    /**
     * The columns of one sweep, known before anything runs (from the points' configs).
     *
     * @param inputs  the parameters' then the derived columns' names
     * @param flux    flux plane names, first seen first
     * @param absorber some point has an absorber
     * @param states  the most imaginary-time states of any point
     * @param lz      some point is 2D or 3D
     * @param nonlinear some point has a nonlinear term
     */
    public record Columns(List<String> inputs, List<String> flux, boolean absorber, int states, boolean lz, boolean nonlinear) {

        static Columns of(SweepFile file, List<Point> points) {
            List<String> inputs = new ArrayList<>();
            for (SweepFile.Parameter p : file.parameters()) inputs.add(p.name());
            for (SweepFile.Derived d : file.derived()) inputs.add(d.name());
            Set<String> flux = new LinkedHashSet<>();
            boolean absorber = false, lz = false, nonlinear = false;
            int states = 0;
            for (Point p : points) {
                flux.addAll(p.shape().flux());
                absorber |= p.shape().absorber();
                lz |= p.shape().lz();
                nonlinear |= p.shape().nonlinear();
                states = Math.max(states, p.shape().states());
            }
            return new Columns(List.copyOf(inputs), List.copyOf(flux), absorber, states, lz, nonlinear);
        }

        /** Every column, in order. */
        public List<String> all() {
            List<String> c = new ArrayList<>();
            c.add("point");
            c.addAll(inputs);
            c.addAll(results());
            return c;
        }

        /** The numeric result columns (what --plot may put on y besides the inputs). */
        List<String> results() {
            List<String> c = new ArrayList<>(List.of("norm", "energy"));
            if (lz) c.add("lz");
            if (nonlinear) c.add("chemical_potential");
            if (absorber) c.add("absorbed");
            for (String f : flux) c.add("through_" + f);
            for (int k = 0; k < states; k++) c.add("energy_" + k);
            c.add("status");
            c.add("seconds");
            return c;
        }

        /**
         * Refuses a plot of columns this sweep does not have, or not numbers: {@code y} any numeric
         * column, {@code x} a parameter or derived column; {@code where} names the option or key.
         */
        public void checkPlot(String y, String x, String where) {
            List<String> ys = new ArrayList<>(inputs);
            ys.addAll(results());
            ys.remove("status");
            if (!ys.contains(y)) {
                throw new UserError(where + (where.equals("plot") ? ".y" : "") + ": \"" + y + "\" is not a column of this sweep (known: "
                        + String.join(", ", ys) + ")");
            }
            if (!inputs.contains(x)) {
                throw new UserError(where + (where.equals("plot") ? ".x" : "") + ": \"" + x + "\" is not a parameter or derived column "
                        + "of this sweep (known: " + String.join(", ", inputs) + ")");
            }
        }
    }

    /** One row's values as text, in the order of {@link Columns#all()}. */
    static List<String> row(Plan plan, Point p, PointStatus s) {
        Columns c = plan.columns();
        List<String> out = new ArrayList<>();
        out.add(p.id());
        for (JsonNode v : p.values()) out.add(text(v));
        for (double d : p.derived()) out.add(number(d));
        JsonNode sum = s.state() == PointStatus.State.COMPLETED ? s.summary() : null;
        out.add(field(sum, "final_norm"));
        out.add(field(sum, "final_energy"));
        if (c.lz()) out.add(field(sum, "final_lz"));
        if (c.nonlinear()) out.add(field(sum, "final_chemical_potential"));
        if (c.absorber()) {
            out.add(sum != null && p.shape().absorber() && sum.path("final_norm").isNumber()
                    ? number(1 - sum.path("final_norm").asDouble()) : "");
        }
        for (String f : c.flux()) out.add(sum == null ? "" : field(sum.path("through"), f));
        for (int k = 0; k < c.states(); k++) {
            JsonNode e = sum == null ? null : sum.path("energies").path(k);
            out.add(e != null && e.isNumber() ? number(e.asDouble()) : "");
        }
        out.add(s.state().key());
        out.add(Double.isNaN(s.seconds()) ? "" : String.format(java.util.Locale.ROOT, "%.3f", s.seconds()));
        return out;
    }

    /** Writes sweep.csv for the points as their folders say now; returns the statuses read. */
    static List<PointStatus> write(Path file, Plan plan, SweepFolder folder) {
        StringBuilder b = new StringBuilder(String.join(",", quoteAll(plan.columns().all()))).append('\n');
        List<PointStatus> statuses = new ArrayList<>();
        for (Point p : plan.points()) {
            PointStatus s = PointStatus.read(folder.pointDir(p));
            statuses.add(s);
            b.append(String.join(",", quoteAll(row(plan, p, s)))).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
        return statuses;
    }

    private static String field(JsonNode n, String name) {
        if (n == null) return "";
        JsonNode v = n.path(name);
        return v.isNumber() ? number(v.asDouble()) : "";
    }

    /** A value as a number: a number, or the one number of a one-entry array; else null. */
    static Double number(JsonNode v) {
        if (v.isNumber()) return v.asDouble();
        if (v.isArray() && v.size() == 1 && v.get(0).isNumber()) return v.get(0).asDouble();
        return null;
    }

    private static String text(JsonNode v) {
        if (v.isIntegralNumber()) return v.asText();
        Double d = number(v);
        if (d != null && !(v.isArray() && v.get(0).isIntegralNumber())) return number(d);
        if (v.isArray() && v.size() == 1 && v.get(0).isIntegralNumber()) return v.get(0).asText();
        return v.isTextual() ? v.asText() : v.toString();
    }

    static String number(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);
    }

    private static List<String> quoteAll(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String c : cells) out.add(quote(c));
        return out;
    }

    /** CSV quoting (RFC 4180) where a cell needs it. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
