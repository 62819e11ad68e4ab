package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.psiflux.UserError;
import io.psiflux.config.ConfigLoader;
import io.psiflux.config.RunConfig;
import io.psiflux.observe.FluxPlane;
import io.psiflux.physics.Expressions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.objecthunter.exp4j.Expression;

/**
 * A sweep file expanded into its points, every one validated as a run config before anything
 * runs: one bad value refuses the whole sweep, naming the point, its values and the key.
 * Immutable.
 *
 * @param file    the sweep file
 * @param base    the base config as a tree, file paths absolute, sweep.unset removed
 * @param points  every point, in order
 * @param columns the sweep's columns (sweep.csv's header)
 */
public record Plan(SweepFile file, ObjectNode base, List<Point> points, SweepTable.Columns columns) {

    /** Expands and validates {@code file}. */
    public static Plan of(SweepFile file) {
        ObjectNode base = (ObjectNode) SweepFile.parse(file.base());
        absolutePaths(base, file.base().toAbsolutePath().getParent());
        for (int i = 0; i < file.unset().size(); i++) {
            KeyPath k = file.unset().get(i);
            if (!k.remove(base, "sweep.unset[" + i + "]")) {
                throw new UserError("sweep.unset[" + i + "]: the base config " + file.base() + " has no " + k + " to remove");
            }
        }
        List<String> variables = variables(file);
        List<Expression> derived = new ArrayList<>();
        for (int d = 0; d < file.derived().size(); d++) {
            SweepFile.Derived dv = file.derived().get(d);
            List<String> known = variables.subList(0, variables.size() - file.derived().size() + d);
            derived.add(Expressions.compile(dv.expression(), "derived[" + d + "].expression (variables: "
                    + (known.isEmpty() ? "none; give the parameters a name" : String.join(", ", known)) + ")", known));
        }
        int n = file.points();
        int digits = Math.max(4, Integer.toString(n - 1).length());
        Path sweepDir = file.source().toAbsolutePath().getParent();
        List<Point> points = new ArrayList<>(n);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("psiflux-sweep-check");
            for (int i = 0; i < n; i++) {
                List<JsonNode> values = values(file, i);
                String id = String.format(Locale.ROOT, "%0" + digits + "d", i);
                String where = "point " + id + " (" + describe(file, values) + ")";
                ObjectNode config = base.deepCopy();
                for (int p = 0; p < values.size(); p++) {
                    SweepFile.Parameter par = file.parameters().get(p);
                    JsonNode v = values.get(p);
                    if (par.key().wholeKey() && par.key().leaf().equals("file") && v.isTextual()) {
                        v = TextNode.valueOf(sweepDir.resolve(v.asText()).normalize().toString());
                    }
                    par.key().set(config, v, where + ": parameter[" + p + "].key");
                }
                double[] dvals = derive(file, values, derived, where);
                Point.Shape shape = validate(config, scratch, where);
                points.add(new Point(i, id, List.copyOf(values), dvals, config, shape));
            }
        } catch (IOException e) {
            throw new UserError("cannot check the points in a temporary folder: " + e.getMessage());
        } finally {
            if (scratch != null) deleteQuietly(scratch);
        }
        SweepTable.Columns columns = SweepTable.Columns.of(file, points);
        if (file.plot() != null) columns.checkPlot(file.plot().y(), file.plot().x(), "plot");
        return new Plan(file, base, List.copyOf(points), columns);
    }

    /** The TOML text of a point's config, with a header saying where it comes from and how to run it alone. */
    public String toml(Point p, Path pointDir) {
        List<String> head = new ArrayList<>();
        head.add("psiflux sweep point " + p.id() + " of " + file.source().toAbsolutePath());
        head.add("  " + describe(file, p.values()));
        head.add("base: " + file.base().toAbsolutePath() + " (file paths made absolute)");
        head.add("run it alone: psiflux run " + pointDir.toAbsolutePath().resolve(SweepFolder.POINT_CONFIG) + " --out "
                + pointDir.toAbsolutePath() + " --overwrite");
        return TomlText.write(p.config(), head);
    }

    /** "p = 1.5, potential.expression = \"2/cosh(x)^2\"": a point's values, for messages. */
    static String describe(SweepFile file, List<JsonNode> values) {
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < values.size(); p++) {
            if (p > 0) b.append(", ");
            b.append(file.parameters().get(p).name()).append(" = ").append(values.get(p));
        }
        return b.toString();
    }

    /** The variables expressions may use: named parameters, then derived columns, in order. */
    private static List<String> variables(SweepFile file) {
        List<String> v = new ArrayList<>();
        for (SweepFile.Parameter p : file.parameters()) if (p.named()) v.add(p.name());
        for (SweepFile.Derived d : file.derived()) v.add(d.name());
        return v;
    }

    /** Point i's values: product (the first parameter slowest, as nested loops) or zip. */
    private static List<JsonNode> values(SweepFile file, int i) {
        List<JsonNode> out = new ArrayList<>();
        List<SweepFile.Parameter> ps = file.parameters();
        if (!file.product()) {
            for (SweepFile.Parameter p : ps) out.add(p.values().get(i));
            return out;
        }
        int rest = i;
        JsonNode[] v = new JsonNode[ps.size()];
        for (int p = ps.size() - 1; p >= 0; p--) {
            int len = ps.get(p).values().size();
            v[p] = ps.get(p).values().get(rest % len);
            rest /= len;
        }
        for (JsonNode x : v) out.add(x);
        return out;
    }

    private static double[] derive(SweepFile file, List<JsonNode> values, List<Expression> derived, String where) {
        double[] out = new double[derived.size()];
        if (derived.isEmpty()) return out;
        Map<String, Double> vars = new java.util.HashMap<>();
        for (int p = 0; p < values.size(); p++) {
            SweepFile.Parameter par = file.parameters().get(p);
            if (!par.named()) continue;
            Double x = SweepTable.number(values.get(p));
            if (x != null) vars.put(par.name(), x);
        }
        for (int d = 0; d < derived.size(); d++) {
            Expression e = derived.get(d);
            List<String> declared = variables(file).subList(0, variables(file).size() - file.derived().size() + d);
            for (String v : declared) {
                if (!e.getVariableNames().contains(v)) continue; // exp4j lists pi and e too: only ours are set
                if (!vars.containsKey(v)) {
                    throw new UserError(where + ": derived[" + d + "].expression: " + v + " is " + valueOf(file, values, v)
                            + " at this point, not a number");
                }
                e.setVariable(v, vars.get(v));
            }
            double x = e.evaluate();
            if (!Double.isFinite(x)) throw new UserError(where + ": derived[" + d + "].expression is " + x + " here, not a finite number");
            out[d] = x;
            vars.put(file.derived().get(d).name(), x);
        }
        return out;
    }

    private static String valueOf(SweepFile file, List<JsonNode> values, String name) {
        for (int p = 0; p < values.size(); p++) if (file.parameters().get(p).name().equals(name)) return values.get(p).toString();
        return "unknown";
    }

    /** Loads the point's config as the run will, from a scratch file; returns what its run reports. */
    private static Point.Shape validate(ObjectNode config, Path scratch, String where) throws IOException {
        Path f = scratch.resolve(SweepFolder.POINT_CONFIG);
        Files.writeString(f, TomlText.write(config, List.of()));
        RunConfig c;
        try {
            c = ConfigLoader.load(f);
        } catch (UserError e) {
            throw new UserError(where + ": " + e.getMessage(), e);
        }
        List<String> flux = new ArrayList<>();
        for (FluxPlane plane : c.options().flux()) flux.add(plane.name());
        return new Point.Shape(List.copyOf(flux), c.hamiltonian().absorber() != null,
                c.options().imaginary() ? c.options().states() : 0, c.grid().rank() > 1, c.hamiltonian().nonlinearity() != 0);
    }

    /** Makes every string under a key named "file" (potential.file, initial.file) absolute, against {@code dir}. */
    private static void absolutePaths(JsonNode n, Path dir) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
            for (String k : names) {
                JsonNode v = o.get(k);
                if (k.equals("file") && v.isTextual()) o.put(k, dir.resolve(v.asText()).normalize().toString());
                else absolutePaths(v, dir);
            }
        } else if (n.isArray()) {
            for (JsonNode x : n) absolutePaths(x, dir);
        }
    }

    /** Result columns every point shares, in the order first seen. */
    static Set<String> union(List<List<String>> lists) {
        Set<String> s = new LinkedHashSet<>();
        lists.forEach(s::addAll);
        return s;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
