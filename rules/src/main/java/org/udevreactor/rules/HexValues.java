package org.udevreactor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.udevreactor.meta.FnmatchPattern;

/** PCI ids and classes as policy files spell them. */
final class HexValues {
    private static final int CLASS_BITS = 0xffffff;

    private HexValues() {
    }

    /**
     * 16-bit ids: a TOML integer ({@code 0x10de}) or a string of 1 to 4 hex digits with or
     * without {@code 0x}, either case ({@code "10de"}, {@code "0x10DE"}); one or a list.
     */
    static List<Integer> ids(JsonNode n, KeyPath at, Problems problems) {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<JsonNode, KeyPath> e : TomlValues.oneOrMany(n, at, problems)) {
            JsonNode v = e.getKey();
            long id = -1;
            if (v.isIntegralNumber()) {
                id = v.canConvertToLong() ? v.longValue() : -1;
            } else if (v.isTextual()) {
                id = parse(v.textValue(), 4);
            } else {
                problems.add(e.getValue(), "must be a hex string or an integer, not " + TomlValues.typeName(v));
                continue;
            }
            if (id < 0 || id > 0xffff) {
                problems.add(e.getValue(), "bad hex id " + v + ": a PCI id is 1 to 4 hex digits, e.g. \"10de\" or 0x10de");
            } else {
                out.add((int) id);
            }
        }
        return out;
    }

    /**
     * PCI classes, one or a list: a TOML integer (exact 24-bit class), a string
     * {@code "0xCCSSPP"} (exact) or {@code "0xCCSSPP/0xMASK"}, or, without {@code 0x}, a glob over
     * the class's six hex digits ({@code "0300*"}; matched case-insensitively). A value with bits
     * outside its mask could never match and is an error.
     */
    static List<ClassPattern> classes(JsonNode n, KeyPath at, Problems problems) {
        List<ClassPattern> out = new ArrayList<>();
        for (Map.Entry<JsonNode, KeyPath> e : TomlValues.oneOrMany(n, at, problems)) {
            ClassPattern p = classPattern(e.getKey(), e.getValue(), problems);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static ClassPattern classPattern(JsonNode v, KeyPath at, Problems problems) {
        if (v.isIntegralNumber()) {
            long value = v.canConvertToLong() ? v.longValue() : -1;
            return masked(value, CLASS_BITS, v.toString(), at, problems);
        }
        if (!v.isTextual()) {
            problems.add(at, "must be a string or an integer, not " + TomlValues.typeName(v));
            return null;
        }
        String text = v.textValue();
        if (!text.regionMatches(true, 0, "0x", 0, 2)) {
            FnmatchPattern glob = FnmatchPattern.compile(text.toLowerCase(Locale.ROOT));
            if (glob.flaw().isPresent()) {
                problems.add(at, "bad glob \"" + text + "\": " + glob.flaw().get());
                return null;
            }
            return new ClassPattern.Glob(glob);
        }
        int slash = text.indexOf('/');
        String valueText = slash < 0 ? text : text.substring(0, slash);
        long value = hexWithPrefix(valueText);
        long mask = slash < 0 ? CLASS_BITS : hexWithPrefix(text.substring(slash + 1));
        if (value < 0 || mask < 0) {
            problems.add(at, "bad hex class \"" + text + "\": write 0xCCSSPP or 0xCCSSPP/0xMASK with up to 6 hex digits each, or a glob such as \"0300*\"");
            return null;
        }
        return masked(value, mask, '"' + text + '"', at, problems);
    }

    private static ClassPattern masked(long value, long mask, String shown, KeyPath at, Problems problems) {
        if (value < 0 || value > CLASS_BITS) {
            problems.add(at, "bad hex class " + shown + ": a PCI class has 24 bits (0x000000 to 0xffffff)");
            return null;
        }
        if ((value & ~mask) != 0) {
            problems.add(at, "class " + shown + " has bits outside its mask, so it can never match");
            return null;
        }
        return new ClassPattern.Masked((int) value, (int) mask);
    }

    private static long hexWithPrefix(String text) {
        if (!text.regionMatches(true, 0, "0x", 0, 2)) {
            return -1;
        }
        return digits(text.substring(2), 6);
    }

    /** 1..maxDigits hex digits, optionally after "0x"; -1 when not. */
    static long parse(String text, int maxDigits) {
        return digits(text.regionMatches(true, 0, "0x", 0, 2) ? text.substring(2) : text, maxDigits);
    }

    /** 1..maxDigits hex digits and nothing else; -1 when not. */
    private static long digits(String digits, int maxDigits) {
        if (digits.isEmpty() || digits.length() > maxDigits) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }
}
