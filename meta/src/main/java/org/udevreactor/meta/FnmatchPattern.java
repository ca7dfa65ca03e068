package org.udevreactor.meta;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One fnmatch(3) pattern (glibc, C locale, flags 0) for code outside this package, compiled and
 * matched by the same code that answers modalias lookups, so a glob in a policy file means
 * exactly what it would mean in an alias: '*', '?', brackets with ranges, negation and classes,
 * '\x' for a literal x, and '/' or a leading '.' are ordinary bytes.
 *
 * <p>Both the pattern and the text are taken as UTF-8 bytes; '?' matches one byte, so it does not
 * match a multi-byte character (uevent and sysfs values are ASCII in practice).
 *
 * <p>fnmatch has no syntax errors: anything is a pattern. {@link #flaw()} names the constructs
 * that are valid but almost surely not what a person meant, for callers that want to reject them.
 */
public final class FnmatchPattern {
    private final String pattern;
    private final ClassTable classes = new ClassTable();
    private final int[] tokens;

    private FnmatchPattern(String pattern) {
        this.pattern = pattern;
        this.tokens = GlobCompiler.compileGlob(pattern.getBytes(StandardCharsets.UTF_8), 0, classes);
    }

    public static FnmatchPattern compile(String pattern) {
        return new FnmatchPattern(java.util.Objects.requireNonNull(pattern, "pattern"));
    }

    public boolean matches(String text) {
        return GlobMatcher.matches(tokens, classes, text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    /** True when the pattern has no wildcard, so it matches only a text equal to itself. */
    public boolean isLiteral() {
        for (int token : tokens) {
            if (!AliasTokens.isLiteral(token)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the pattern probably does not say what was meant, or empty: a '[' that is never closed
     * (fnmatch then reads it as a literal '['), a bracket expression that matches no byte (an
     * unknown class name, a reversed range), a trailing '\' (never matches), a NUL byte (C stops
     * reading there).
     */
    public Optional<String> flaw() {
        if (pattern.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL byte");
        }
        for (int token : tokens) {
            if (token == '[') {
                // A '[' always enters bracket parsing, so a plain '[' token is an unterminated one.
                return Optional.of("'[' is never closed by ']'");
            }
            if (token >= AliasTokens.CLASS) {
                ByteClass c = classes.get(token - AliasTokens.CLASS);
                if (isEmpty(c.bits())) {
                    return Optional.of(c.raw().equals("\\")
                            ? "a trailing '\\' never matches"
                            : "bracket expression " + c.raw() + " matches nothing");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEmpty(long[] bits) {
        return (bits[0] | bits[1] | bits[2] | bits[3]) == 0;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
