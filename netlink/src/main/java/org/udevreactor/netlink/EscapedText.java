package org.udevreactor.netlink;

import java.io.ByteArrayOutputStream;

/**
 * A readable, reversible text form of raw datagrams: printable ASCII stays as it is, NUL is
 * {@code \0}, backslash is {@code \\}, every other byte is {@code \xHH}. Used for the reviewable
 * twins of binary uevent captures and for excerpts in error messages.
 */
public final class EscapedText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EscapedText() {
    }

    public static String escape(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length + 16);
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                out.append("\\0");
            } else if (b == '\\') {
                out.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /** At most {@code max} bytes of {@code bytes}, escaped, with "..." when cut. */
    public static String excerpt(byte[] bytes, int offset, int length, int max) {
        String text = escape(bytes, offset, Math.min(length, max));
        return length > max ? text + "..." : text;
    }

    /** The inverse of {@link #escape}; rejects anything escape() would not have produced. */
    public static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                if (c < 0x20 || c >= 0x7f) {
                    throw new IllegalArgumentException("unescaped non-printable character at index " + i);
                }
                out.write(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("dangling backslash at index " + i);
            }
            char next = text.charAt(++i);
            switch (next) {
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                    int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                    if (high < 0 || low < 0) {
                        throw new IllegalArgumentException("bad \\x escape at index " + (i - 1));
                    }
                    out.write(high << 4 | low);
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + next + " at index " + (i - 1));
            }
        }
        return out.toByteArray();
    }
}
