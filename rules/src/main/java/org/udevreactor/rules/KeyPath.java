package org.udevreactor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value sits in a policy file: table keys, and array positions as decimal segments, so the
 * third rule's vendor is {@code rule, 2, match, vendor}. Printed as {@code rule[2].match.vendor},
 * keys that are not bare TOML keys in double quotes.
 */
public record KeyPath(List<String> segments) {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_-]+");
    public static final KeyPath ROOT = new KeyPath(List.of());

    public KeyPath {
        segments = List.copyOf(segments);
    }

    public KeyPath key(String key) {
        return append(key);
    }

    public KeyPath index(int index) {
        return append(Integer.toString(index));
    }

    KeyPath prefix(int length) {
        return new KeyPath(segments.subList(0, length));
    }

    int length() {
        return segments.size();
    }

    private KeyPath append(String segment) {
        List<String> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new KeyPath(longer);
    }

    /*
     * equals and hashCode written out rather than left to the record: a record's are bootstrapped
     * through java.lang.runtime.ObjectMethods at their first call, which spins method-handle classes
     * in every start (JDK 17's archive cannot hold them), and KeyLines hashes a KeyPath for every
     * key of the settings file and of each policy file the daemon reads at start. Same equality.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPath other && segments.equals(other.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    /**
     * Index segments are told from keys by the caller's schema, not by their spelling: this class
     * prints a segment as an index when it is all digits and follows a key, which fits the policy
     * schema (no table of the schema has digit-only keys except properties and attributes, whose
     * names are printed quoted when they are all digits).
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            boolean index = i > 0 && s.chars().allMatch(Character::isDigit) && isArrayParent(i);
            if (index) {
                out.append('[').append(s).append(']');
            } else {
                if (i > 0) {
                    out.append('.');
                }
                out.append(BARE.matcher(s).matches() && !s.chars().allMatch(Character::isDigit) ? s : quoted(s));
            }
        }
        return out.toString();
    }

    // Only the top-level "rule" array holds tables in this schema.
    private boolean isArrayParent(int i) {
        return i == 1 && segments.get(0).equals("rule");
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
