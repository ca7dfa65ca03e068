package org.udevreactor.meta;

import java.io.ByteArrayOutputStream;

/**
 * Tokens of a compiled alias pattern, as ints: a literal byte is its value (0..255); a literal
 * written escaped ("\x") is {@code ESCAPED | byte}; '?' and '*' have their own codes; a bracket
 * expression is {@code CLASS + index} into the table's {@link ClassTable}. Escaped literals are kept
 * apart from plain ones only so that the pattern text can be rebuilt exactly.
 */
final class AliasTokens {
    static final int ESCAPED = 0x100;
    static final int ANY = 0x200;
    static final int STAR = 0x201;
    static final int CLASS = 0x1000;

    // Byte encoding in AliasTable.labels (pattern bytes are 7-bit ASCII, so 0x80.. are free).
    private static final int WIRE_ESCAPED = 0x80;
    private static final int WIRE_ANY = 0x81;
    private static final int WIRE_STAR = 0x82;
    private static final int WIRE_CLASS = 0x83;

    private AliasTokens() {
    }

    static boolean isLiteral(int token) {
        return token < ANY;
    }

    /** The byte a literal token (plain or escaped) matches. */
    static int literalByte(int token) {
        return token & 0xff;
    }

    static void encode(int token, ByteArrayOutputStream out) {
        if (token < 0x80) {
            out.write(token);
        } else if (token < ESCAPED) {
            throw new IllegalArgumentException("alias patterns are 7-bit ASCII; byte 0x" + Integer.toHexString(token));
        } else if (token < ANY) {
            out.write(WIRE_ESCAPED);
            out.write(token & 0xff);
        } else if (token == ANY) {
            out.write(WIRE_ANY);
        } else if (token == STAR) {
            out.write(WIRE_STAR);
        } else {
            out.write(WIRE_CLASS);
            int k = token - CLASS;
            while (k >= 0x80) {
                out.write((k & 0x7f) | 0x80);
                k >>>= 7;
            }
            out.write(k);
        }
    }

    /**
     * Decodes {@code count} tokens from {@code in} at {@code offset[0]} into {@code out} at
     * {@code outAt}, advancing {@code offset[0]}.
     */
    static void decode(byte[] in, int[] offset, int count, int[] out, int outAt) {
        int at = offset[0];
        for (int n = 0; n < count; n++) {
            int b = in[at++] & 0xff;
            int token;
            if (b < 0x80) {
                token = b;
            } else if (b == WIRE_ESCAPED) {
                token = ESCAPED | (in[at++] & 0xff);
            } else if (b == WIRE_ANY) {
                token = ANY;
            } else if (b == WIRE_STAR) {
                token = STAR;
            } else if (b == WIRE_CLASS) {
                int k = 0;
                int shift = 0;
                int v;
                do {
                    v = in[at++] & 0xff;
                    k |= (v & 0x7f) << shift;
                    shift += 7;
                } while (v >= 0x80);
                token = CLASS + k;
            } else {
                throw new IllegalArgumentException("bad alias token byte 0x" + Integer.toHexString(b) + " at " + (at - 1));
            }
            out[outAt + n] = token;
        }
        offset[0] = at;
    }

    /** Appends the pattern text a token was compiled from. */
    static void appendRaw(int token, ClassTable classes, StringBuilder out) {
        if (token < ESCAPED) {
            out.append((char) token);
        } else if (token < ANY) {
            out.append('\\').append((char) (token & 0xff));
        } else if (token == ANY) {
            out.append('?');
        } else if (token == STAR) {
            out.append('*');
        } else {
            out.append(classes.get(token - CLASS).raw());
        }
    }
}
