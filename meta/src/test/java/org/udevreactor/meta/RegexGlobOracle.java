package org.udevreactor.meta;

import java.util.regex.Pattern;

/**
 * An independent reading of fnmatch patterns for the fuzz test: translates a pattern to a
 * java.util.regex expression. It covers literals, '\x', '?', '*' and well-formed bracket
 * expressions (negation, a leading ']', ranges); for anything else (classes, [= =], [. .],
 * unterminated brackets) it declines with null rather than guess. It also declines patterns with
 * more than {@value #MAX_STARS} runs of '*': java.util.regex backtracks, and many ".*" take it
 * exponential time on a failing text, which would stall the fuzzer rather than test anything.
 */
final class RegexGlobOracle {
    static final int MAX_STARS = 4;

    private RegexGlobOracle() {
    }

    static Pattern translate(byte[] glob) {
        StringBuilder regex = new StringBuilder();
        int stars = 0;
        int i = 0;
        while (i < glob.length) {
            int c = glob[i] & 0xff;
            if (c == '*') {
                // A run of stars is one star.
                while (i < glob.length && glob[i] == '*') {
                    i++;
                }
                if (++stars > MAX_STARS) {
                    return null;
                }
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
                i++;
            } else if (c == '\\') {
                if (i + 1 == glob.length) {
                    return Pattern.compile("(?!)");
                }
                regex.append(quote(glob[i + 1] & 0xff));
                i += 2;
            } else if (c == '[') {
                int end = bracket(glob, i, regex);
                if (end < 0) {
                    return null;
                }
                i = end;
            } else {
                regex.append(quote(c));
                i++;
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Appends a character class for the bracket at {@code start}; returns the index after it, or -1. */
    private static int bracket(byte[] g, int start, StringBuilder regex) {
        int i = start + 1;
        boolean negated = i < g.length && (g[i] == '!' || g[i] == '^');
        if (negated) {
            i++;
        }
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (true) {
            if (i >= g.length) {
                return -1;
            }
            int c = g[i] & 0xff;
            if (c == ']' && !first) {
                i++;
                break;
            }
            first = false;
            if (c == '[' && i + 1 < g.length && (g[i + 1] == ':' || g[i + 1] == '=' || g[i + 1] == '.')) {
                return -1;
            }
            int low = c;
            i++;
            if (c == '\\') {
                if (i >= g.length) {
                    return -1;
                }
                low = g[i++] & 0xff;
            }
            if (i + 1 < g.length && g[i] == '-' && g[i + 1] != ']') {
                int high = g[i + 1] & 0xff;
                i += 2;
                if (high == '\\') {
                    if (i >= g.length) {
                        return -1;
                    }
                    high = g[i++] & 0xff;
                } else if (high == '[' && i < g.length && (g[i] == '.' || g[i] == '=' || g[i] == ':')) {
                    // A range ending in "[." "[=" or "[:" opens a collating element, equivalence or
                    // class for glibc, like those forms anywhere else in a bracket: decline.
                    return -1;
                }
                if (low <= high) {
                    members.append(quote(low)).append('-').append(quote(high));
                }
            } else if (i + 1 >= g.length && i < g.length && g[i] == '-') {
                return -1;
            } else {
                members.append(quote(low));
            }
        }
        if (members.length() == 0) {
            regex.append(negated ? "[\\x{0}-\\x{ff}]" : "(?!)");
        } else {
            regex.append(negated ? "[^" : "[").append(members).append(']');
        }
        return i;
    }

    private static String quote(int b) {
        return String.format("\\x{%x}", b);
    }
}
