package org.udevreactor.meta;

/**
 * What glibc's fnmatch (C locale, flags 0, as libkmod calls it) makes of a bracket expression.
 *
 * <p>glibc does not parse a bracket expression once: it walks it for the one byte it is matching
 * and stops at the first member that matches, so a malformed tail only matters for bytes that
 * reach it. This class replays that walk for every byte, which turns any expression into a set:
 * <ul>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!...]} and {@code [^...]}, a leading {@code ]} as a
 *       member, {@code \} escapes, {@code [:alpha:]} classes, {@code [=a=]} and {@code [.a.]};
 *   <li>a member that glibc rejects (an unknown class name, a multi-character collating symbol,
 *       a range without an end) makes the bytes that reach it fail;
 *   <li>an unterminated expression is read as a literal {@code [} and the pattern goes on right
 *       after it ("[!]" matches the text "[!]"), unless a malformed member was met first.
 * </ul>
 * The rare expression whose outcome depends on the byte in a way a single set cannot express (a
 * byte matched up to one end, another read as a literal '[') is compiled to match nothing, a
 * deliberate deviation from glibc: no kernel alias looks like that.
 */
final class BracketExpression {
    private static final int CLASS_NAME_LIMIT = 256;
    private static final int OUT = 0;
    private static final int IN = 1;
    private static final int LITERAL_BRACKET = 2;

    private final long[] bits = new long[4];
    private int end = -1;
    private boolean literalBracket;
    private boolean forked;

    private BracketExpression() {
    }

    /** Evaluates the expression that starts with '[' at {@code pattern[start]}. */
    static BracketExpression at(byte[] pattern, int start) {
        BracketExpression e = new BracketExpression();
        int fallbackEnd = -1;
        for (int b = 1; b < 256; b++) {
            Walk w = new Walk(pattern, start, b);
            int outcome = w.run();
            if (outcome == IN) {
                if (e.end >= 0 && e.end != w.end) {
                    e.forked = true;
                }
                e.end = w.end;
                e.bits[b >>> 6] |= 1L << (b & 63);
            } else if (outcome == LITERAL_BRACKET && b == '[') {
                e.literalBracket = true;
            } else if (outcome == OUT && w.end >= 0) {
                fallbackEnd = w.end;
            }
        }
        if (e.literalBracket && e.end >= 0) {
            e.forked = true;
        }
        if (e.end < 0) {
            // No byte matches: the expression spans to where glibc would have closed it, or to
            // the end of the pattern when it is never closed.
            e.end = fallbackEnd >= 0 ? fallbackEnd : pattern.length;
        }
        return e;
    }

    /** True when the '[' is to be read as a literal byte (an unterminated expression). */
    boolean literalBracket() {
        return literalBracket && !forked;
    }

    /** Index just after the expression in the pattern. */
    int end() {
        return end;
    }

    /** The bytes matched; empty when nothing can match (then the pattern can never match here). */
    long[] bits() {
        return forked ? new long[4] : bits.clone();
    }

    /** One pass of glibc's bracket logic for one byte. */
    private static final class Walk {
        private final byte[] p;
        private final int start;
        private final int fn;
        private int i;
        private boolean negated;
        int end = -1;

        Walk(byte[] p, int start, int fn) {
            this.p = p;
            this.start = start;
            this.fn = fn;
        }

        private int at(int index) {
            return index < p.length ? p[index] & 0xff : 0;
        }

        int run() {
            i = start + 1;
            negated = at(i) == '!' || at(i) == '^';
            if (negated) {
                i++;
            }
            int c = at(i++);
            while (true) {
                boolean normal = false;
                if (c == '\\') {
                    if (at(i) == 0) {
                        return OUT;
                    }
                    c = at(i++);
                    normal = true;
                } else if (c == '[' && at(i) == ':') {
                    int q = i;
                    StringBuilder name = new StringBuilder();
                    boolean isClass = false;
                    while (true) {
                        if (name.length() == CLASS_NAME_LIMIT) {
                            return OUT;
                        }
                        int ch = at(++q);
                        if (ch == ':' && at(q + 1) == ']') {
                            q += 2;
                            isClass = true;
                            break;
                        }
                        if (ch < 'a' || ch >= 'z') {
                            break;
                        }
                        name.append((char) ch);
                    }
                    if (isClass) {
                        i = q;
                        CharacterClass cls = CharacterClass.named(name.toString());
                        if (cls == null) {
                            return OUT;
                        }
                        if (cls.contains(fn)) {
                            return skipRest();
                        }
                        c = at(i++);
                    } else {
                        c = '[';
                        normal = true;
                    }
                } else if (c == '[' && at(i) == '=') {
                    int q = i;
                    int member = at(++q);
                    if (member != 0 && at(q + 1) == '=' && at(q + 2) == ']') {
                        i = q + 3;
                        if (fn == member) {
                            return skipRest();
                        }
                        c = at(i++);
                    } else {
                        c = '[';
                        normal = true;
                    }
                } else if (c == 0) {
                    return LITERAL_BRACKET;
                } else {
                    int low;
                    if (c == '[' && at(i) == '.') {
                        int symbol = collatingSymbol();
                        if (symbol < 0) {
                            return OUT;
                        }
                        boolean isRange = at(i) == '-' && at(i + 1) != 0;
                        if (!isRange && fn == symbol) {
                            return skipRest();
                        }
                        low = symbol;
                    } else {
                        normal = true;
                        low = -1;
                    }
                    if (!normal) {
                        c = at(i++);
                        int r = rangeFrom(low, c);
                        if (r != Integer.MIN_VALUE) {
                            if (r == IN) {
                                return skipRest();
                            }
                            if (r == OUT) {
                                return OUT;
                            }
                            c = at(i++);
                        }
                    }
                }
                if (normal) {
                    boolean isRange = at(i) == '-' && at(i + 1) != 0 && at(i + 1) != ']';
                    if (!isRange && c == fn) {
                        return skipRest();
                    }
                    int low = c;
                    c = at(i++);
                    int r = rangeFrom(low, c);
                    if (r != Integer.MIN_VALUE) {
                        if (r == IN) {
                            return skipRest();
                        }
                        if (r == OUT) {
                            return OUT;
                        }
                        c = at(i++);
                    }
                }
                if (c == ']') {
                    end = i;
                    return negated ? IN : OUT;
                }
            }
        }

        /**
         * After a member {@code low} and the next byte {@code c}: when they form a range, reads
         * its end and returns IN when fn is in it, OUT when the range is malformed, and -1 when fn
         * is not in it; Integer.MIN_VALUE when there is no range here.
         */
        private int rangeFrom(int low, int c) {
            if (c != '-' || at(i) == ']') {
                return Integer.MIN_VALUE;
            }
            int high = at(i++);
            if (high == '[' && at(i) == '.') {
                high = collatingSymbol();
                if (high < 0) {
                    return OUT;
                }
            } else {
                if (high == '\\') {
                    high = at(i++);
                }
                if (high == 0) {
                    return OUT;
                }
            }
            return low <= fn && fn <= high ? IN : -1;
        }

        /** Reads "[.x.]" with i at the '.', returns x, or -1 when glibc rejects it. */
        private int collatingSymbol() {
            int first = i + 1;
            int q = i;
            int length = 0;
            while (true) {
                int ch = at(++q);
                if (ch == '.' && at(q + 1) == ']') {
                    q += 2;
                    break;
                }
                if (ch == 0) {
                    return -1;
                }
                length++;
            }
            i = q;
            return length == 1 ? at(first) : -1;
        }

        /** glibc's skip over the rest of an expression whose member matched. */
        private int skipRest() {
            while (true) {
                int c = at(i++);
                if (c == ']') {
                    break;
                }
                if (c == 0) {
                    // glibc 2.36 (bug 28792): an unterminated expression is read again with its
                    // '[' as a literal, even when a member had matched.
                    return LITERAL_BRACKET;
                }
                if (c == '\\') {
                    if (at(i) == 0) {
                        return OUT;
                    }
                    i++;
                } else if (c == '[' && at(i) == ':') {
                    int startp = i;
                    int length = 0;
                    while (true) {
                        int ch = at(++i);
                        if (++length == CLASS_NAME_LIMIT) {
                            return OUT;
                        }
                        if (ch == ':' && at(i + 1) == ']') {
                            break;
                        }
                        if (ch < 'a' || ch >= 'z') {
                            i = startp - 2;
                            break;
                        }
                    }
                    i += 2;
                } else if (c == '[' && at(i) == '=') {
                    int ch = at(++i);
                    if (ch == 0) {
                        return OUT;
                    }
                    ch = at(++i);
                    if (ch != '=' || at(i + 1) != ']') {
                        return OUT;
                    }
                    i += 2;
                } else if (c == '[' && at(i) == '.') {
                    while (true) {
                        int ch = at(++i);
                        if (ch == 0) {
                            return OUT;
                        }
                        if (ch == '.' && at(i + 1) == ']') {
                            break;
                        }
                    }
                    i += 2;
                }
            }
            end = i;
            return negated ? OUT : IN;
        }
    }
}
