package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.psiflux.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config key path as the sweep file names it: table names joined by dots, each optionally
 * followed by indices, e.g. {@code time.dt}, {@code initial.momentum[0]} (one entry of an
 * array) or {@code flux[1].position} (a key of the second [[flux]] table). The same spelling the
 * run uses in its messages. Immutable.
 */
public final class KeyPath {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)((?:\\[\\d{1,6}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** One name and the indices after it. */
    private record Segment(String name, int[] indices) {
    }

    private final String text;
    private final List<Segment> segments;

    private KeyPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses {@code text}; {@code where} names it in messages (e.g. "parameter[0].key").
     *
     * @throws UserError when it is not a key path
     */
    static KeyPath parse(String text, String where) {
        if (text == null || text.isBlank()) throw new UserError(where + ": the key is empty (e.g. \"initial.momentum[0]\")");
        List<Segment> segs = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new UserError(where + ": \"" + text + "\" is not a key path (names joined by dots, each with optional [i] "
                        + "indices, e.g. \"time.dt\", \"initial.momentum[0]\", \"flux[1].position\")");
            }
            List<Integer> idx = new ArrayList<>();
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) idx.add(Integer.parseInt(i.group(1)));
            segs.add(new Segment(m.group(1), idx.stream().mapToInt(Integer::intValue).toArray()));
        }
        return new KeyPath(text, List.copyOf(segs));
    }

    /** True when the last step of the path is a name with no index (a whole key, e.g. "potential.file"). */
    boolean wholeKey() {
        return segments.get(segments.size() - 1).indices().length == 0;
    }

    /** The last name of the path, e.g. "file" of "potential.file", "momentum" of "initial.momentum[0]". */
    String leaf() {
        return segments.get(segments.size() - 1).name();
    }

    /** The value at this path in {@code root}, or null when the path does not lead anywhere. */
    JsonNode get(JsonNode root) {
        JsonNode n = root;
        for (Segment s : segments) {
            if (n == null || !n.isObject()) return null;
            n = n.get(s.name());
            for (int i : s.indices()) {
                if (n == null || !n.isArray() || i >= n.size()) return null;
                n = n.get(i);
            }
        }
        return n;
    }

    /**
     * Sets the value at this path in {@code root}, creating missing tables on the way (a sweep may
     * add a section the base config does not have); an index must name an entry the array already
     * has.
     *
     * @throws UserError naming {@code where} when the path crosses a value that is not a table, or
     *                   an index past the end of an array
     */
    void set(ObjectNode root, JsonNode value, String where) {
        JsonNode[] holder = navigate(root, where, true);
        put(holder, value);
    }

    /** Removes the key at this path from {@code root}; true when there was one. */
    boolean remove(ObjectNode root, String where) {
        if (get(root) == null) return false;
        JsonNode[] holder = navigate(root, where, false);
        JsonNode parent = holder[0];
        if (parent instanceof ObjectNode o) o.remove(holder[1].asText());
        else ((ArrayNode) parent).remove(holder[1].asInt());
        return true;
    }

    /**
     * The container that holds the path's last step and the step within it: {parent ObjectNode,
     * name as TextNode} or {parent ArrayNode, index as IntNode}.
     */
    private JsonNode[] navigate(ObjectNode root, String where, boolean create) {
        JsonNode n = root;
        StringBuilder at = new StringBuilder();
        for (int s = 0; s < segments.size(); s++) {
            Segment seg = segments.get(s);
            boolean last = s == segments.size() - 1;
            if (!(n instanceof ObjectNode o)) {
                throw new UserError(where + ": " + text + ": " + at + " is " + describe(n) + " in the base config, not a table");
            }
            if (at.length() > 0) at.append('.');
            at.append(seg.name());
            if (last && seg.indices().length == 0) {
                return new JsonNode[] {o, o.textNode(seg.name())};
            }
            JsonNode child = o.get(seg.name());
            if (child == null) {
                if (!create || seg.indices().length > 0) {
                    throw new UserError(where + ": " + text + ": the base config has no " + at
                            + (seg.indices().length > 0 ? " to index" : ""));
                }
                child = o.putObject(seg.name());
            }
            n = child;
            for (int k = 0; k < seg.indices().length; k++) {
                int i = seg.indices()[k];
                if (!(n instanceof ArrayNode a)) {
                    throw new UserError(where + ": " + text + ": " + at + " is " + describe(n) + " in the base config, not an array");
                }
                if (i >= a.size()) {
                    throw new UserError(where + ": " + text + ": " + at + " has " + a.size() + " entr" + (a.size() == 1 ? "y" : "ies")
                            + " in the base config, so [" + i + "] does not exist");
                }
                if (last && k == seg.indices().length - 1) return new JsonNode[] {a, a.numberNode(i)};
                at.append('[').append(i).append(']');
                n = a.get(i);
            }
        }
        throw new IllegalStateException("unreachable: a key path has at least one segment");
    }

    private static void put(JsonNode[] holder, JsonNode value) {
        if (holder[0] instanceof ObjectNode o) o.set(holder[1].asText(), value);
        else ((ArrayNode) holder[0]).set(holder[1].asInt(), value);
    }

    private static String describe(JsonNode n) {
        if (n == null) return "missing";
        if (n.isArray()) return "an array";
        if (n.isObject()) return "a table";
        return "the value " + (n.isTextual() ? "\"" + n.asText() + "\"" : n.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
