package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a config tree (as Jackson's TOML reader gives it) back as TOML that reads back to an
 * equal tree: tables as {@code [a.b]} sections, arrays of tables as {@code [[flux]]}, floats
 * always with a decimal point or exponent (so 70.0 stays a float, not the integer 70), strings
 * as basic strings with escapes. Jackson's own TOML writer prints 70.0 as {@code 7E+1} and -15.0
 * as {@code -15}, which reads back as an integer; a point's config must read back exactly.
 */
final class TomlText {
    private TomlText() {
    }

    /** The tree as TOML, after the given comment lines (each written with a leading "# "). */
    static String write(JsonNode root, List<String> comments) {
        StringBuilder b = new StringBuilder();
        for (String c : comments) b.append(c.isEmpty() ? "#" : "# " + c).append('\n');
        table(b, "", root);
        return b.toString();
    }

    private static void table(StringBuilder b, String prefix, JsonNode t) {
        List<Map.Entry<String, JsonNode>> subTables = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() || isTableArray(v)) {
                subTables.add(e);
            } else {
                b.append(key(e.getKey())).append(" = ");
                value(b, v);
                b.append('\n');
            }
        }
        for (Map.Entry<String, JsonNode> e : subTables) {
            String name = prefix.isEmpty() ? key(e.getKey()) : prefix + "." + key(e.getKey());
            if (e.getValue().isObject()) {
                b.append('\n').append('[').append(name).append("]\n");
                table(b, name, e.getValue());
            } else {
                for (JsonNode item : e.getValue()) {
                    b.append('\n').append("[[").append(name).append("]]\n");
                    table(b, name, item);
                }
            }
        }
    }

    private static boolean isTableArray(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) return false;
        for (JsonNode x : v) if (!x.isObject()) return false;
        return true;
    }

    private static String key(String k) {
        return k.matches("[A-Za-z0-9_-]+") ? k : quote(k);
    }

    private static void value(StringBuilder b, JsonNode v) {
        if (v.isTextual()) {
            b.append(quote(v.asText()));
        } else if (v.isBoolean()) {
            b.append(v.asBoolean());
        } else if (v.isIntegralNumber()) {
            b.append(v.bigIntegerValue());
        } else if (v.isNumber()) {
            b.append(number(v.doubleValue()));
        } else if (v.isArray()) {
            b.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) b.append(", ");
                value(b, v.get(i));
            }
            b.append(']');
        } else if (v.isObject()) {
            b.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); first = false) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(first ? " " : ", ").append(key(e.getKey())).append(" = ");
                value(b, e.getValue());
            }
            b.append(first ? "}" : " }");
        } else {
            throw new IllegalArgumentException("a config holds no " + v.getNodeType() + " values");
        }
    }

    /** A TOML float: Double.toString (shortest text that reads back to the same double), or inf/nan. */
    static String number(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04X", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
