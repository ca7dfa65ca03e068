package org.udevreactor.netlink;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Parses the two uevent wire formats into {@link Uevent}s. Every malformed input yields a
 * {@link ParseOutcome.Rejected} with a reason; nothing here throws on bad input, and the work
 * (and allocation) per message is bounded by {@link #MAX_MESSAGE_BYTES}.
 *
 * <ul>
 * <li>Kernel: {@code ACTION@DEVPATH\0KEY=VALUE\0...\0}. The header must agree with the ACTION and
 *     DEVPATH properties.</li>
 * <li>udev (libudev re-broadcast on group 2): a 40-byte header {@code "libudev\0"}, magic
 *     0xfeedcafe in network byte order, then header size, properties offset and properties length
 *     in the sender's host byte order (systemd's sd-device-monitor writes them unconverted; only
 *     the magic and the filter hashes are big-endian), then a KEY=VALUE\0 block.</li>
 * </ul>
 */
public final class UeventParser {
    /** udev's own monitor drops anything larger (its receive buffer is 8 KiB). */
    public static final int MAX_MESSAGE_BYTES = 8192;

    static final int UDEV_HEADER_BYTES = 40;
    static final int UDEV_MAGIC = 0xfeedcafe;
    private static final byte[] UDEV_PREFIX = "libudev\0".getBytes(StandardCharsets.US_ASCII);
    private static final boolean LITTLE_ENDIAN_HOST = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int EXCERPT = 64;
    /**
     * Property values quoted in a detail are cut shorter: a detail quotes one excerpt and one value, or two
     * values, so it stays under 512 characters even when every byte needs a \xHH escape.
     */
    private static final int VALUE_EXCERPT = 48;

    private UeventParser() {
    }

    public static ParseOutcome parse(byte[] message) {
        return parse(message, 0, message.length);
    }

    /** Parses {@code length} bytes of {@code buf} from {@code offset}; the array is not kept. */
    public static ParseOutcome parse(byte[] buf, int offset, int length) {
        if (length <= 0) {
            return reject(RejectReason.TRUNCATED, "empty message");
        }
        if (length > MAX_MESSAGE_BYTES) {
            return reject(RejectReason.OVERSIZED, length + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        if (startsWith(buf, offset, length, UDEV_PREFIX)) {
            return parseUdev(buf, offset, length);
        }
        return parseKernel(buf, offset, length);
    }

    private static ParseOutcome parseKernel(byte[] buf, int offset, int length) {
        int end = offset + length;
        if (buf[end - 1] != 0) {
            return reject(RejectReason.NO_NUL, "message does not end with NUL: "
                    + EscapedText.excerpt(buf, offset, length, EXCERPT));
        }
        int headerEnd = indexOf(buf, offset, end, (byte) 0);
        int at = indexOf(buf, offset, headerEnd, (byte) '@');
        if (at < 0 || at + 1 >= headerEnd || buf[at + 1] != '/') {
            return reject(RejectReason.NO_AT_SLASH, "header has no \"@/\": "
                    + EscapedText.excerpt(buf, offset, headerEnd - offset, EXCERPT));
        }
        LinkedHashMap<String, String> properties = new LinkedHashMap<>(32);
        ParseOutcome.Rejected bad = readProperties(buf, offset, headerEnd + 1, end, properties);
        if (bad != null) {
            return bad;
        }
        ParseOutcome outcome = build(properties, UeventOrigin.KERNEL);
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            Uevent event = parsed.event();
            if (!sameText(buf, offset, at, event.action().wireName())
                    || !sameText(buf, at + 1, headerEnd, event.devpath())) {
                return reject(RejectReason.HEADER_MISMATCH, "header \""
                        + EscapedText.excerpt(buf, offset, headerEnd - offset, EXCERPT)
                        + "\" but ACTION=" + event.action().wireName() + " DEVPATH=" + quote(event.devpath()));
            }
        }
        return outcome;
    }

    private static ParseOutcome parseUdev(byte[] buf, int offset, int length) {
        if (length < UDEV_HEADER_BYTES) {
            return reject(RejectReason.TRUNCATED, "libudev message of " + length + " bytes, header needs "
                    + UDEV_HEADER_BYTES);
        }
        int magic = readInt(buf, offset + 8, true);
        if (magic != UDEV_MAGIC) {
            return reject(RejectReason.BAD_MAGIC, String.format("libudev magic 0x%08x, expected 0x%08x",
                    magic, UDEV_MAGIC));
        }
        long headerSize = readInt(buf, offset + 12, !LITTLE_ENDIAN_HOST) & 0xffffffffL;
        long propertiesOffset = readInt(buf, offset + 16, !LITTLE_ENDIAN_HOST) & 0xffffffffL;
        long propertiesLength = readInt(buf, offset + 20, !LITTLE_ENDIAN_HOST) & 0xffffffffL;
        if (headerSize < UDEV_HEADER_BYTES || propertiesOffset < headerSize || propertiesLength == 0
                || propertiesOffset + propertiesLength > length) {
            return reject(RejectReason.BAD_OFFSETS, "libudev header size " + headerSize + ", properties at "
                    + propertiesOffset + " length " + propertiesLength + ", message " + length + " bytes");
        }
        int start = offset + (int) propertiesOffset;
        int end = start + (int) propertiesLength;
        if (buf[end - 1] != 0) {
            return reject(RejectReason.NO_NUL, "libudev properties do not end with NUL: "
                    + EscapedText.excerpt(buf, start, end - start, EXCERPT));
        }
        LinkedHashMap<String, String> properties = new LinkedHashMap<>(32);
        ParseOutcome.Rejected bad = readProperties(buf, offset, start, end, properties);
        return bad != null ? bad : build(properties, UeventOrigin.UDEV);
    }

    /**
     * Reads NUL-terminated KEY=VALUE strings in [start, end); buf[end - 1] is known to be NUL. Positions in
     * details count from {@code messageStart}, where the datagram begins.
     */
    private static ParseOutcome.Rejected readProperties(byte[] buf, int messageStart, int start, int end,
                                                        LinkedHashMap<String, String> into) {
        int pos = start;
        while (pos < end) {
            int nul = indexOf(buf, pos, end, (byte) 0);
            int eq = indexOf(buf, pos, nul, (byte) '=');
            if (eq <= pos) {
                return reject(RejectReason.MALFORMED_PROPERTY, (nul == pos ? "empty string" : "no KEY=VALUE: \""
                        + EscapedText.excerpt(buf, pos, nul - pos, EXCERPT) + "\"")
                        + " at byte " + (pos - messageStart));
            }
            // A repeated key keeps its first position and its last value, as udev does.
            into.put(new String(buf, pos, eq - pos, StandardCharsets.UTF_8),
                    new String(buf, eq + 1, nul - eq - 1, StandardCharsets.UTF_8));
            pos = nul + 1;
        }
        return null;
    }

    private static ParseOutcome build(LinkedHashMap<String, String> properties, UeventOrigin origin) {
        String actionName = properties.get("ACTION");
        String devpath = properties.get("DEVPATH");
        String subsystem = properties.get("SUBSYSTEM");
        String seqnumText = properties.get("SEQNUM");
        String missing = actionName == null ? "ACTION" : devpath == null ? "DEVPATH"
                : subsystem == null ? "SUBSYSTEM" : seqnumText == null ? "SEQNUM" : null;
        if (missing != null) {
            return reject(RejectReason.MISSING_KEY, "no " + missing + "= property"
                    + (devpath != null ? " (DEVPATH=" + quote(devpath) + ")" : ""));
        }
        Optional<UeventAction> action = UeventAction.fromWire(actionName);
        if (action.isEmpty()) {
            return reject(RejectReason.UNKNOWN_ACTION, "ACTION=" + quote(actionName) + " (DEVPATH=" + quote(devpath)
                    + ")");
        }
        if (devpath.isEmpty() || devpath.charAt(0) != '/') {
            return reject(RejectReason.BAD_VALUE, "DEVPATH=" + quote(devpath) + " does not start with '/'");
        }
        long seqnum = parseSeqnum(seqnumText);
        if (seqnum <= 0) {
            return reject(RejectReason.BAD_VALUE, "SEQNUM=" + quote(seqnumText) + " is not a positive number"
                    + " (DEVPATH=" + quote(devpath) + ")");
        }
        return new ParseOutcome.Parsed(new Uevent(action.get(), devpath, subsystem, seqnum,
                FrozenProperties.adopt(properties), origin));
    }

    /** Decimal digits only, no sign, at most 18 of them (so it cannot overflow); -1 otherwise. */
    private static long parseSeqnum(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A property value as a detail shows it: escaped like the excerpts (it comes from the sender) and cut short. */
    private static String quote(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return EscapedText.excerpt(utf8, 0, utf8.length, VALUE_EXCERPT);
    }

    private static ParseOutcome.Rejected reject(RejectReason reason, String detail) {
        return new ParseOutcome.Rejected(reason, detail);
    }

    private static int indexOf(byte[] buf, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (buf[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] buf, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether buf[from, to) decodes to {@code text}, decoded as the properties are: bytes that are not UTF-8
     * (a kernel name may hold any byte but '/') become U+FFFD on both sides, so they still agree.
     */
    private static boolean sameText(byte[] buf, int from, int to, String text) {
        if (to - from == text.length()) {
            int i = 0;
            while (i < text.length() && buf[from + i] == text.charAt(i)) {
                i++;
            }
            if (i == text.length()) {
                return true; // the usual case: equal ASCII, no allocation
            }
        }
        // A mismatch, or non-ASCII text (a negative byte never equals a char): decode and compare.
        return new String(buf, from, to - from, StandardCharsets.UTF_8).equals(text);
    }

    private static int readInt(byte[] buf, int at, boolean bigEndian) {
        int b0 = buf[at] & 0xff;
        int b1 = buf[at + 1] & 0xff;
        int b2 = buf[at + 2] & 0xff;
        int b3 = buf[at + 3] & 0xff;
        return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0;
    }
}
