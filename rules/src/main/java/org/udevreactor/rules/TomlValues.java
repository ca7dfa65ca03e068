package org.udevreactor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.udevreactor.meta.FnmatchPattern;

/**
 * Typed reads of TOML values that report a wrong type instead of coercing it. Each returns null
 * (or skips the element) after reporting, so the caller can go on and find the next error.
 */
public final class TomlValues {
    private TomlValues() {
    }

    /** "a string", "an integer", ...: how an error message names what was written instead. */
    public static String typeName(JsonNode n) {
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isIntegralNumber()) {
            return "an integer";
        }
        if (n.isNumber()) {
            return "a float";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isPojo()) {
            return "a date or time";
        }
        if (n.isObject()) {
            return "a table";
        }
        return "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reports every key of {@code table} that is not in {@code allowed}. */
    static void rejectUnknownKeys(JsonNode table, KeyPath at, Set<String> allowed, Problems problems) {
        for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problems.add(at.key(key), "unknown key; expected one of " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    static String string(JsonNode n, KeyPath at, Problems problems) {
        if (!n.isTextual()) {
            problems.add(at, "must be a string, not " + typeName(n));
            return null;
        }
        return n.textValue();
    }

    static Boolean bool(JsonNode n, KeyPath at, Problems problems) {
        if (!n.isBoolean()) {
            problems.add(at, "must be true or false, not " + typeName(n));
            return null;
        }
        return n.booleanValue();
    }

    static boolean isTable(JsonNode n, KeyPath at, Problems problems) {
        if (!n.isObject()) {
            problems.add(at, "must be a table, not " + typeName(n));
            return false;
        }
        return true;
    }

    /**
     * A single value or a non-empty array of them, as (element, path) pairs; array elements are
     * placed at the array's key (TOML keeps them on the key's line or near it).
     */
    static List<Map.Entry<JsonNode, KeyPath>> oneOrMany(JsonNode n, KeyPath at, Problems problems) {
        List<Map.Entry<JsonNode, KeyPath>> out = new ArrayList<>();
        if (!n.isArray()) {
            out.add(Map.entry(n, at));
        } else if (n.isEmpty()) {
            problems.add(at, "must not be an empty array (leave the key out instead)");
        } else {
            n.forEach(e -> out.add(Map.entry(e, at)));
        }
        return out;
    }

    /** One glob or a list of them; a glob with a {@link FnmatchPattern#flaw()} is an error. */
    static List<FnmatchPattern> globs(JsonNode n, KeyPath at, Problems problems) {
        List<FnmatchPattern> out = new ArrayList<>();
        for (Map.Entry<JsonNode, KeyPath> e : oneOrMany(n, at, problems)) {
            String text = string(e.getKey(), e.getValue(), problems);
            if (text != null) {
                FnmatchPattern glob = FnmatchPattern.compile(text);
                if (glob.flaw().isPresent()) {
                    problems.add(e.getValue(), "bad glob \"" + text + "\": " + glob.flaw().get());
                } else {
                    out.add(glob);
                }
            }
        }
        return out;
    }

    /** One string or a list of them. */
    static List<String> strings(JsonNode n, KeyPath at, Problems problems) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<JsonNode, KeyPath> e : oneOrMany(n, at, problems)) {
            String text = string(e.getKey(), e.getValue(), problems);
            if (text != null) {
                out.add(text);
            }
        }
        return out;
    }
}
