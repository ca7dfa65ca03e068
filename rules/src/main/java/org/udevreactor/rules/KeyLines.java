package org.udevreactor.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line numbers of the keys and table headers of a TOML document that Jackson has already parsed.
 *
 * <p>Why this exists: jackson-dataformat-toml builds a whole tree first and then hands out a
 * tree-walking parser, so every token location it reports is unknown; only syntax errors carry a
 * line. This scanner reads the same text line by line and records where each {@code key =},
 * {@code [table]} and {@code [[array]]} header sits, resolving array-of-table headers to element
 * indices the way TOML does ({@code [rule.match]} belongs to the last {@code [[rule]]}).
 *
 * <p>It is a locator, not a parser: the document is known to be valid, so it skips what it does
 * not recognise. Keys inside an inline table ({@code match = { vendor = "10de" }}, one line by
 * TOML's rule) and array elements are not recorded; {@link #lineOf} answers with the nearest
 * enclosing key instead, which is on the same line for inline tables. Lines inside multi-line
 * strings are skipped.
 *
 * <p>Public for the daemon's settings file (reactor.toml), which places its errors the same way.
 */
public final class KeyLines {
    private final Map<KeyPath, Integer> lines = new HashMap<>();

    private KeyLines() {
    }

    public static KeyLines scan(String source) {
        KeyLines found = new KeyLines();
        Map<KeyPath, Integer> arraySizes = new HashMap<>();
        KeyPath table = KeyPath.ROOT;
        String openString = null;
        String[] all = source.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            int lineNo = i + 1;
            String line = all[i];
            if (openString != null) {
                if (line.contains(openString)) {
                    openString = null;
                }
                continue;
            }
            Cursor c = new Cursor(line);
            c.skipBlanks();
            if (c.take("[[")) {
                List<String> names = c.dottedKey();
                if (names != null) {
                    table = resolve(names, arraySizes, true);
                    found.recordWithPrefixes(table, lineNo);
                }
            } else if (c.take("[")) {
                List<String> names = c.dottedKey();
                if (names != null) {
                    table = resolve(names, arraySizes, false);
                    found.recordWithPrefixes(table, lineNo);
                }
            } else {
                List<String> names = c.dottedKey();
                if (names != null && c.take("=")) {
                    KeyPath path = table;
                    for (String name : names) {
                        path = path.key(name);
                        found.lines.putIfAbsent(path, lineNo);
                    }
                    openString = c.unclosedMultilineString();
                }
            }
        }
        return found;
    }

    /**
     * The line where {@code value} is written as a value (after '=', ',' or '[', blanks between),
     * else 1: for the errors Jackson reports without a location, which name the value's text.
     */
    static int lineOfValue(String source, String value) {
        String[] all = source.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            for (int at = line.indexOf(value); at >= 0; at = line.indexOf(value, at + 1)) {
                int before = at - 1;
                while (before >= 0 && (line.charAt(before) == ' ' || line.charAt(before) == '\t')) {
                    before--;
                }
                if (before >= 0 && "=,[".indexOf(line.charAt(before)) >= 0) {
                    return i + 1;
                }
            }
        }
        return 1;
    }

    /** A header also places the tables it implies ({@code [[rule]]} places "rule"), where nothing earlier did. */
    private void recordWithPrefixes(KeyPath path, int lineNo) {
        for (int n = 1; n <= path.length(); n++) {
            lines.putIfAbsent(path.prefix(n), lineNo);
        }
    }

    /**
     * The line of {@code path}, else of its longest recorded prefix (the inline table or array
     * that holds it, or its rule's header), else 0.
     */
    public int lineOf(KeyPath path) {
        for (int n = path.length(); n > 0; n--) {
            Integer line = lines.get(path.prefix(n));
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private static KeyPath resolve(List<String> names, Map<KeyPath, Integer> arraySizes, boolean newElement) {
        KeyPath path = KeyPath.ROOT;
        for (int i = 0; i < names.size(); i++) {
            path = path.key(names.get(i));
            boolean last = i == names.size() - 1;
            if (last && newElement) {
                int size = arraySizes.merge(path, 1, Integer::sum);
                path = path.index(size - 1);
            } else if (arraySizes.containsKey(path)) {
                path = path.index(arraySizes.get(path) - 1);
            }
        }
        return path;
    }

    /** Reads TOML keys (bare, "basic" and 'literal', dotted) from one line. */
    private static final class Cursor {
        private final String line;
        private int at;

        Cursor(String line) {
            this.line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }

        void skipBlanks() {
            while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                at++;
            }
        }

        boolean take(String token) {
            skipBlanks();
            if (line.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        /** A dotted key, or null when the line does not start with one. */
        List<String> dottedKey() {
            List<String> names = new ArrayList<>();
            do {
                skipBlanks();
                String name = simpleKey();
                if (name == null) {
                    return null;
                }
                names.add(name);
                skipBlanks();
            } while (take("."));
            return names;
        }

        private String simpleKey() {
            if (at >= line.length()) {
                return null;
            }
            char first = line.charAt(at);
            if (first == '"' || first == '\'') {
                StringBuilder name = new StringBuilder();
                int i = at + 1;
                while (i < line.length() && line.charAt(i) != first) {
                    char ch = line.charAt(i);
                    if (first == '"' && ch == '\\' && i + 1 < line.length()) {
                        i = unescape(i + 1, name);
                        continue;
                    }
                    name.append(ch);
                    i++;
                }
                if (i >= line.length()) {
                    return null;
                }
                at = i + 1;
                return name.toString();
            }
            int start = at;
            while (at < line.length() && isBare(line.charAt(at))) {
                at++;
            }
            return at > start ? line.substring(start, at) : null;
        }

        /**
         * Appends the character of the escape whose letter is at {@code at} (TOML's \\b \\t \\n \\f
         * \\r \\" \\\\ \\uXXXX \\UXXXXXXXX; anything else keeps its letter) and returns the
         * index after it.
         */
        private int unescape(int at, StringBuilder name) {
            char letter = line.charAt(at);
            int digits = letter == 'u' ? 4 : letter == 'U' ? 8 : 0;
            int codePoint = digits > 0 && at + digits < line.length() ? hex(at + 1, digits) : -1;
            if (codePoint >= 0 && Character.isValidCodePoint(codePoint)) {
                name.appendCodePoint(codePoint);
                return at + 1 + digits;
            }
            name.append(switch (letter) {
                case 'b' -> '\b';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'f' -> '\f';
                case 'r' -> '\r';
                default -> letter;
            });
            return at + 1;
        }

        /** The value of {@code digits} hex digits from {@code at}, or -1 (a line that is no key after all). */
        private int hex(int at, int digits) {
            long value = 0;
            for (int i = at; i < at + digits; i++) {
                int digit = Character.digit(line.charAt(i), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value * 16 + digit;
            }
            return value > Character.MAX_CODE_POINT ? -1 : (int) value;
        }

        /** After '=': the delimiter of a multi-line string that starts here and ends on a later line. */
        String unclosedMultilineString() {
            skipBlanks();
            for (String quote : new String[] {"\"\"\"", "'''"}) {
                if (line.startsWith(quote, at) && line.indexOf(quote, at + 3) < 0) {
                    return quote;
                }
            }
            return null;
        }

        private static boolean isBare(char c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }
    }
}
