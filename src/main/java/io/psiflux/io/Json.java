package io.psiflux.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The run summary ({@code summary.json}): a map written as pretty-printed JSON, atomically.
 *
 * <p>Values may be maps (insertion order is kept, so pass a {@link java.util.LinkedHashMap}),
 * lists and arrays (including primitive arrays), numbers, strings, booleans and null; enums and
 * paths are written as their {@code toString()}; anything else as Jackson serializes it (records
 * become objects). NaN and infinities, which JSON cannot hold, are written as {@code null}.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter().withSeparators(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Writes {@code values} to {@code path} as pretty-printed JSON ending in a newline. */
    public static void write(Path path, Map<String, ?> values) {
        AtomicFiles.writeString(path, toString(values));
    }

    /** The JSON text {@link #write} puts in the file. */
    public static String toString(Map<String, ?> values) {
        try {
            return WRITER.writeValueAsString(node(values)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize summary", e);
        }
    }

    private static JsonNode node(Object v) {
        if (v == null) return NODES.nullNode();
        if (v instanceof Double d) return number(d);
        if (v instanceof Float f) return number(f);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) return NODES.numberNode(b);
        if (v instanceof BigDecimal b) return NODES.numberNode(b);
        if (v instanceof Number n) return number(n.doubleValue());
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?> || v instanceof Path) {
            return NODES.textNode(v.toString());
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), node(x)));
            return o;
        }
        if (v instanceof Iterable<?> it) {
            ArrayNode a = NODES.arrayNode();
            for (Object x : it) a.add(node(x));
            return a;
        }
        if (v.getClass().isArray()) {
            ArrayNode a = NODES.arrayNode();
            for (int i = 0, n = Array.getLength(v); i < n; i++) a.add(node(Array.get(v, i)));
            return a;
        }
        return finite(MAPPER.valueToTree(v));
    }

    private static JsonNode number(double d) {
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.nullNode();
    }

    /** Replaces non-finite numbers in a tree Jackson built from an arbitrary object. */
    private static JsonNode finite(JsonNode n) {
        if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) return NODES.nullNode();
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(finite(e.getValue()));
            }
        } else if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) a.set(i, finite(a.get(i)));
        }
        return n;
    }
}
