package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.psiflux.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A sweep file, read and checked (every mistake a {@link UserError} naming the key): the base
 * run config, the parameters and how they combine, derived columns, the plot and the Slurm
 * options. Immutable. See docs/sweep.md; {@link #KEYS} lists every key with its default and a
 * one-line doc, and the page is tested against it.
 *
 * @param source     the sweep file
 * @param name       its file name without .toml (default output folder out/NAME)
 * @param base       sweep.base, resolved against the sweep file's folder
 * @param product    true for mode "product" (every combination), false for "zip"
 * @param unset      sweep.unset: keys of the base removed from every point
 * @param parameters the [[parameter]] tables, in order
 * @param derived    the [[derived]] columns, in order
 * @param plot       [plot], or null
 * @param slurm      [slurm] (empty options when absent)
 */
public record SweepFile(Path source, String name, Path base, boolean product, List<KeyPath> unset,
                        List<Parameter> parameters, List<Derived> derived, Plot plot, Slurm slurm) {

    /** One documented key of the sweep file. */
    public record Key(String name, String defaultValue, String doc) {
    }

    /** Every key of the sweep file, as docs/sweep.md lists them. */
    public static final List<Key> KEYS = List.of(
            new Key("sweep.base", "required", "the run config every point starts from (relative to the sweep file)"),
            new Key("sweep.mode", "\"product\"", "\"product\": every combination of the parameters' values (the first varies slowest); "
                    + "\"zip\": the i-th values together (all lists as long)"),
            new Key("sweep.unset", "[]", "keys of the base removed in every point (e.g. a flux.expect that holds for one point only)"),
            new Key("parameter.key", "required", "the config key each value is set at: \"time.dt\", \"initial.momentum[0]\", "
                    + "\"flux[1].position\""),
            new Key("parameter.name", "the key", "the column's name in sweep.csv; a word names the value in expressions"),
            new Key("parameter.values", "required", "a list of values, or {start, stop, num}: num numbers from start to stop, "
                    + "both included (numpy.linspace)"),
            new Key("derived.name", "required", "a further column of sweep.csv (a word)"),
            new Key("derived.expression", "required", "its value from the named parameters (and earlier derived columns), "
                    + "e.g. \"p^2/2\""),
            new Key("plot.y", "required in [plot]", "the column plotted up, e.g. \"through_right\""),
            new Key("plot.x", "required in [plot]", "the column plotted across: a parameter or derived column"),
            new Key("plot.reference", "none", "a curve drawn with the points: an expression of x (or of the x column's name)"),
            new Key("plot.reference_label", "\"reference: EXPRESSION\"", "the curve's legend entry"),
            new Key("slurm.options", "[]", "sbatch options for the array job, e.g. [\"--partition=gpu\", \"--time=01:00:00\", "
                    + "\"--gres=gpu:1\"]"),
            new Key("slurm.java", "this JVM's java", "the java command on the compute nodes, e.g. \"java\" after a setup line"),
            new Key("slurm.java_options", "[]", "JVM options for each task, e.g. [\"-Xmx16g\"]"),
            new Key("slurm.setup", "none", "shell lines run before java in each task, e.g. \"module load java/17\""));

    /** The most points a sweep may have. */
    public static final int MAX_POINTS = 100_000;

    /**
     * A swept key.
     *
     * @param key    where the values go
     * @param name   the column's name (the key's text when not given)
     * @param named  true when the name was given: only then is it a variable of expressions
     * @param values the values, in order
     */
    public record Parameter(KeyPath key, String name, boolean named, List<JsonNode> values) {
    }

    /** A column computed from the parameters. */
    public record Derived(String name, String expression) {
    }

    /** The plot: y against x, with an optional reference curve and its legend entry (null: the expression). */
    public record Plot(String y, String x, String reference, String referenceLabel) {
    }

    /**
     * The Slurm engine's settings.
     *
     * @param options     sbatch options, each one word as sbatch takes it
     * @param java        the java command on the nodes, or null for this JVM's
     * @param javaOptions JVM options for each task
     * @param setup       shell lines before java, or null
     */
    public record Slurm(List<String> options, String java, List<String> javaOptions, String setup) {
    }

    private static final String WORD = "[A-Za-z_][A-Za-z0-9_]*";
    /** sbatch options the array script sets itself. */
    private static final List<String> OWN_OPTIONS = List.of("--array", "-a", "--output", "-o", "--error", "-e", "--parsable", "--wrap",
            "--chdir", "-D");

    /** Reads and checks a sweep file. */
    public static SweepFile read(Path file) {
        JsonNode root = parse(file);
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString().replaceFirst("\\.toml$", "");
        Reader top = new Reader("", root);
        Reader sweep = top.table("sweep");
        if (!sweep.present()) {
            throw new UserError(file + ": a sweep file needs a [sweep] table with base = \"RUN.toml\" (see docs/sweep.md)");
        }
        String baseText = sweep.string("base");
        if (baseText == null) throw new UserError("sweep.base: missing (the run config every point starts from)");
        Path base = dir.resolve(baseText).normalize();
        if (!Files.isRegularFile(base)) throw new UserError("sweep.base: " + base + " is not a file");
        String mode = sweep.string("mode");
        if (mode != null && !mode.equals("product") && !mode.equals("zip")) {
            throw new UserError("sweep.mode: unknown mode \"" + mode + "\" (known: product, zip)");
        }
        List<KeyPath> unset = new ArrayList<>();
        List<String> unsetText = sweep.strings("unset");
        if (unsetText != null) for (int i = 0; i < unsetText.size(); i++) unset.add(KeyPath.parse(unsetText.get(i), "sweep.unset[" + i + "]"));
        sweep.done();

        Set<String> names = new HashSet<>();
        List<Parameter> parameters = new ArrayList<>();
        JsonNode ps = top.array("parameter");
        if (ps == null || ps.isEmpty()) {
            throw new UserError(file + ": no [[parameter]] table; add one with key = \"...\" and values = [...]");
        }
        for (int i = 0; i < ps.size(); i++) {
            String at = "parameter[" + i + "]";
            Reader p = new Reader(at, ps.get(i));
            String keyText = p.string("key");
            if (keyText == null) throw new UserError(at + ".key: missing (the config key to set, e.g. \"initial.momentum[0]\")");
            KeyPath key = KeyPath.parse(keyText, at + ".key");
            String pname = p.string("name");
            if (pname != null && !pname.matches(WORD)) {
                throw new UserError(at + ".name: \"" + pname + "\" must be a word (letters, digits, _), e.g. \"p\"");
            }
            List<JsonNode> values = values(p.node("values"), at + ".values");
            p.done();
            String column = pname != null ? pname : keyText;
            claim(names, column, at + (pname != null ? ".name" : ".key"));
            parameters.add(new Parameter(key, column, pname != null, List.copyOf(values)));
        }
        boolean product = mode == null || mode.equals("product");
        if (!product) {
            int n = parameters.get(0).values().size();
            for (int i = 1; i < parameters.size(); i++) {
                if (parameters.get(i).values().size() != n) {
                    throw new UserError("parameter[" + i + "].values: mode \"zip\" takes the i-th values together, so every list needs "
                            + n + " values (as parameter[0]), this one has " + parameters.get(i).values().size());
                }
            }
        }
        long count = 1;
        for (Parameter p : parameters) count = product ? Math.min((long) MAX_POINTS + 1, count * p.values().size()) : p.values().size();
        if (count > MAX_POINTS) {
            throw new UserError(file + ": the parameters make more than " + MAX_POINTS + " points; split the sweep");
        }

        List<Derived> derived = new ArrayList<>();
        JsonNode ds = top.array("derived");
        if (ds != null) {
            for (int i = 0; i < ds.size(); i++) {
                String at = "derived[" + i + "]";
                Reader d = new Reader(at, ds.get(i));
                String dname = d.string("name");
                String expr = d.string("expression");
                d.done();
                if (dname == null) throw new UserError(at + ".name: missing (the column's name, e.g. \"E\")");
                if (!dname.matches(WORD)) throw new UserError(at + ".name: \"" + dname + "\" must be a word (letters, digits, _)");
                if (expr == null) throw new UserError(at + ".expression: missing (e.g. \"p^2/2\" of a parameter named p)");
                claim(names, dname, at + ".name");
                derived.add(new Derived(dname, expr));
            }
        }

        Plot plot = null;
        Reader pl = top.table("plot");
        if (pl.present()) {
            String y = pl.string("y"), x = pl.string("x"), ref = pl.string("reference"), label = pl.string("reference_label");
            pl.done();
            if (label != null && ref == null) throw new UserError("plot.reference_label: there is no plot.reference to label");
            if (y == null) throw new UserError("plot.y: missing (the column plotted up, e.g. \"through_right\")");
            if (x == null) throw new UserError("plot.x: missing (the column plotted across, a parameter or derived column)");
            plot = new Plot(y, x, ref, label);
        }

        Reader sl = top.table("slurm");
        List<String> options = sl.strings("options");
        String java = sl.string("java");
        List<String> javaOptions = sl.strings("java_options");
        String setup = sl.string("setup");
        sl.done();
        options = options == null ? List.of() : options;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            String at = "slurm.options[" + i + "]";
            if (!o.startsWith("-") || o.contains("\n")) throw new UserError(at + ": \"" + o + "\" is not an sbatch option (e.g. \"--time=01:00:00\")");
            String flag = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
            if (OWN_OPTIONS.contains(flag) || (flag.length() > 2 && !flag.startsWith("--") && OWN_OPTIONS.contains(flag.substring(0, 2)))) {
                throw new UserError(at + ": psiflux sweep sets " + flag + " itself (the array of points, the logs in the sweep's folder)");
            }
        }
        if (java != null && (java.isBlank() || java.contains("\n"))) throw new UserError("slurm.java: give a command, e.g. \"java\"");
        top.done();
        return new SweepFile(file, name, base, product, List.copyOf(unset), List.copyOf(parameters), List.copyOf(derived), plot,
                new Slurm(List.copyOf(options), java, javaOptions == null ? List.of() : List.copyOf(javaOptions), setup));
    }

    /** The number of points: the product of the list lengths, or their common length for zip. */
    public int points() {
        long n = 1;
        for (Parameter p : parameters) n = product ? n * p.values().size() : p.values().size();
        return (int) n;
    }

    /** Words expressions already use: constants and functions (exp4j's and psiflux's). */
    private static final Set<String> RESERVED = Set.of("pi", "e", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh",
            "coth", "sech", "csch", "asin", "acos", "atan", "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "abs",
            "floor", "ceil", "pow", "signum", "min", "max", "step");

    private static void claim(Set<String> names, String name, String where) {
        if (RESERVED.contains(name)) {
            throw new UserError(where + ": \"" + name + "\" is a constant or function of expressions; choose another name");
        }
        if (!names.add(name)) throw new UserError(where + ": the column \"" + name + "\" is named twice; names must differ");
        if (SweepTable.isResultColumn(name)) {
            throw new UserError(where + ": \"" + name + "\" is a column of the results (" + SweepTable.RESULT_COLUMNS_SAID
                    + "); choose another name");
        }
    }

    /** A values list, or {start, stop, num} as numpy.linspace makes it (stop included). */
    private static List<JsonNode> values(JsonNode v, String at) {
        if (v == null) throw new UserError(at + ": missing (a list of values, or {start, stop, num})");
        if (v.isArray()) {
            if (v.isEmpty()) throw new UserError(at + ": the list is empty; give at least one value");
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }
        if (!v.isObject()) {
            throw new UserError(at + ": expected a list of values or {start, stop, num}, got " + Reader.show(v));
        }
        Reader r = new Reader(at, v);
        double start = r.number("start"), stop = r.number("stop");
        JsonNode numNode = r.node("num");
        r.done();
        if (numNode == null || !numNode.isIntegralNumber() || !numNode.canConvertToInt()) {
            throw new UserError(at + ".num: expected a whole number of values, got " + (numNode == null ? "nothing" : Reader.show(numNode)));
        }
        int num = numNode.asInt();
        if (num < 1 || num > MAX_POINTS) throw new UserError(at + ".num: must be between 1 and " + MAX_POINTS + ", got " + num);
        List<JsonNode> out = new ArrayList<>();
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) out.add(DoubleNode.valueOf(i == num - 1 && num > 1 ? stop : start + i * step));
        return out;
    }

    static JsonNode parse(Path file) {
        return io.psiflux.config.ConfigLoader.parseToml(file, "sweep file");
    }

    /** One table of the sweep file, read with key paths for messages and checked for unknown keys. */
    private static final class Reader {
        private final String path;
        private final JsonNode node;
        private final Set<String> used = new HashSet<>();

        Reader(String path, JsonNode node) {
            this.path = path;
            if (node != null && !node.isObject()) {
                throw new UserError((path.isEmpty() ? "the file" : path) + ": must be a table like [" + path + "]");
            }
            this.node = node;
        }

        boolean present() {
            return node != null;
        }

        private String key(String k) {
            return path.isEmpty() ? k : path + "." + k;
        }

        JsonNode node(String k) {
            used.add(k);
            return node == null ? null : node.get(k);
        }

        Reader table(String k) {
            return new Reader(key(k), node(k));
        }

        JsonNode array(String k) {
            JsonNode n = node(k);
            if (n != null && !n.isArray()) throw new UserError(key(k) + ": write it as [[" + key(k) + "]] tables");
            if (n != null) for (JsonNode x : n) if (!x.isObject()) throw new UserError(key(k) + ": write it as [[" + key(k) + "]] tables");
            return n;
        }

        String string(String k) {
            JsonNode n = node(k);
            if (n == null) return null;
            if (!n.isTextual()) throw new UserError(key(k) + ": expected a string, got " + show(n));
            return n.asText();
        }

        double number(String k) {
            JsonNode n = node(k);
            if (n == null) throw new UserError(key(k) + ": missing (a number)");
            if (!n.isNumber() || !Double.isFinite(n.asDouble())) throw new UserError(key(k) + ": expected a finite number, got " + show(n));
            return n.asDouble();
        }

        List<String> strings(String k) {
            JsonNode a = node(k);
            if (a == null) return null;
            if (!a.isArray()) throw new UserError(key(k) + ": expected a list of strings, got " + show(a));
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).isTextual()) throw new UserError(key(k) + "[" + i + "]: expected a string, got " + show(a.get(i)));
                out.add(a.get(i).asText());
            }
            return out;
        }

        void done() {
            if (node == null) return;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!used.contains(k)) {
                    List<String> known = new ArrayList<>(used);
                    known.sort(null);
                    throw new UserError(key(k) + ": unknown key (known here: " + String.join(", ", known) + ")");
                }
            }
        }

        static String show(JsonNode n) {
            return n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
        }
    }
}
