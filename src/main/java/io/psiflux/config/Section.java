package io.psiflux.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.psiflux.UserError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One table of a TOML config, read with key paths for messages ("time.dt: must be > 0, got -1")
 * and checked for unknown keys when {@link #done()} is called.
 */
final class Section {
    private final String path;
    private final ObjectNode node;
    private final Set<String> used = new HashSet<>();

    Section(String path, JsonNode node) {
        this.path = path;
        if (node != null && !node.isObject()) throw new UserError(path + ": must be a table like [" + path + "]");
        this.node = node == null ? null : (ObjectNode) node;
    }

    boolean present() {
        return node != null;
    }

    String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    boolean has(String k) {
        return node != null && node.has(k);
    }

    private JsonNode get(String k) {
        used.add(k);
        return node == null ? null : node.get(k);
    }

    /** Refuses keys that were never read. */
    void done(String... allowedExtra) {
        if (node == null) return;
        Set<String> ok = new HashSet<>(used);
        ok.addAll(List.of(allowedExtra));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ok.contains(k)) {
                throw new UserError(key(k) + ": unknown key" + (used.isEmpty() ? "" : " (known here: " + String.join(", ", sorted(used)) + ")"));
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    static String show(JsonNode n) {
        return n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
    }

    double number(JsonNode n, String key) {
        if (n == null || !n.isNumber()) {
            throw new UserError(key + ": expected a number, got " + (n == null ? "nothing" : show(n)));
        }
        double v = n.asDouble();
        if (!Double.isFinite(v)) throw new UserError(key + ": must be finite, got " + show(n));
        return v;
    }

    Double optDouble(String k) {
        JsonNode n = get(k);
        return n == null ? null : number(n, key(k));
    }

    double requireDouble(String k) {
        JsonNode n = get(k);
        if (n == null) throw new UserError(key(k) + ": missing (a number is required)");
        return number(n, key(k));
    }

    double optDouble(String k, double def) {
        Double d = optDouble(k);
        return d == null ? def : d;
    }

    long integer(JsonNode n, String key) {
        if (n == null || !n.isIntegralNumber()) {
            throw new UserError(key + ": expected a whole number, got " + (n == null ? "nothing" : show(n)));
        }
        // TOML allows any number of digits; asLong() would silently wrap past 64 bits
        if (!n.canConvertToLong()) {
            throw new UserError(key + ": " + n.asText() + " does not fit in 64 bits; whole numbers here lie between "
                    + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
        return n.asLong();
    }

    Long optLong(String k) {
        JsonNode n = get(k);
        return n == null ? null : integer(n, key(k));
    }

    long requireLong(String k) {
        JsonNode n = get(k);
        if (n == null) throw new UserError(key(k) + ": missing (a whole number is required)");
        return integer(n, key(k));
    }

    String optString(String k) {
        JsonNode n = get(k);
        if (n == null) return null;
        if (!n.isTextual()) throw new UserError(key(k) + ": expected a string, got " + show(n));
        return n.asText();
    }

    Boolean optBoolean(String k) {
        JsonNode n = get(k);
        if (n == null) return null;
        if (!n.isBoolean()) throw new UserError(key(k) + ": expected true or false, got " + show(n));
        return n.asBoolean();
    }

    JsonNode array(String k) {
        JsonNode n = get(k);
        if (n == null) return null;
        if (!n.isArray()) throw new UserError(key(k) + ": expected an array, got " + show(n));
        return n;
    }

    /** A number array of exactly {@code len} entries (when len > 0), or null when absent. */
    double[] optDoubles(String k, int len) {
        JsonNode a = array(k);
        if (a == null) return null;
        if (len > 0 && a.size() != len) {
            throw new UserError(key(k) + ": expected " + len + " value" + (len == 1 ? "" : "s")
                    + " (one per grid axis), got " + a.size());
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = number(a.get(i), key(k) + "[" + i + "]");
        return v;
    }

    List<String> optStrings(String k) {
        JsonNode a = array(k);
        if (a == null) return null;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode n = a.get(i);
            if (!n.isTextual()) throw new UserError(key(k) + "[" + i + "]: expected a string, got " + show(n));
            out.add(n.asText());
        }
        return out;
    }

    Section table(String k) {
        return new Section(key(k), get(k));
    }
}
