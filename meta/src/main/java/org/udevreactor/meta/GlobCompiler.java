package org.udevreactor.meta;

import java.util.Arrays;

/**
 * Compiles alias patterns to {@link AliasTokens}.
 *
 * <p>{@link #compileAlias} follows libkmod's reading of an alias: the bytes before the first '*',
 * '?' or '[' are compared byte for byte (a backslash there is an ordinary byte), and fnmatch
 * takes over from that first wildcard. {@link #compileGlob} is plain fnmatch from a given index:
 * '\x' is a literal x, a trailing '\' never matches, brackets as {@link BracketExpression} says.
 */
final class GlobCompiler {
    private GlobCompiler() {
    }

    static int[] compileAlias(byte[] pattern, ClassTable classes) {
        int firstWildcard = firstWildcard(pattern, 0);
        int[] literal = new int[firstWildcard];
        for (int i = 0; i < firstWildcard; i++) {
            literal[i] = pattern[i] & 0xff;
        }
        int[] glob = compileGlob(pattern, firstWildcard, classes);
        int[] tokens = Arrays.copyOf(literal, literal.length + glob.length);
        System.arraycopy(glob, 0, tokens, literal.length, glob.length);
        return tokens;
    }

    /** Index of the first '*', '?' or '[' at or after {@code from}, or the pattern's length. */
    static int firstWildcard(byte[] pattern, int from) {
        for (int i = from; i < pattern.length; i++) {
            byte c = pattern[i];
            if (c == '*' || c == '?' || c == '[') {
                return i;
            }
        }
        return pattern.length;
    }

    static int[] compileGlob(byte[] pattern, int from, ClassTable classes) {
        int[] tokens = new int[pattern.length - from];
        int n = 0;
        int i = from;
        while (i < pattern.length) {
            int c = pattern[i] & 0xff;
            if (c == '*') {
                tokens[n++] = AliasTokens.STAR;
                i++;
            } else if (c == '?') {
                tokens[n++] = AliasTokens.ANY;
                i++;
            } else if (c == '\\') {
                if (i + 1 == pattern.length) {
                    // glibc: a trailing backslash never matches.
                    tokens[n++] = AliasTokens.CLASS + classes.intern(ByteClass.malformed("\\"));
                    i++;
                } else {
                    tokens[n++] = AliasTokens.ESCAPED | (pattern[i + 1] & 0xff);
                    i += 2;
                }
            } else if (c == '[') {
                BracketExpression bracket = BracketExpression.at(pattern, i);
                if (bracket.literalBracket()) {
                    tokens[n++] = '[';
                    i++;
                } else {
                    String raw = new String(pattern, i, bracket.end() - i, java.nio.charset.StandardCharsets.ISO_8859_1);
                    tokens[n++] = AliasTokens.CLASS + classes.intern(new ByteClass(raw, bracket.bits()));
                    i = bracket.end();
                }
            } else {
                tokens[n++] = c;
                i++;
            }
        }
        return Arrays.copyOf(tokens, n);
    }
}
