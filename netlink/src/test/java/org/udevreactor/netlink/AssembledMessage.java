package org.udevreactor.netlink;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A kernel or libudev message assembled from fuzzer-chosen fields, so that most inputs get past
 * the header checks, and the event it must parse to. The expectation is stated here from the wire
 * formats, not from the parser: {@link #expected} is null when a field is malformed or the bytes were
 * mutated after assembly; then only the parser's invariants apply.
 */
final class AssembledMessage {
    private static final String[] ACTIONS = {"add", "remove", "change", "move", "online", "offline", "bind",
            "unbind", "explode", "", "Add"};
    private static final Set<String> KERNEL_ACTIONS = Set.of("add", "remove", "change", "move", "online", "offline",
            "bind", "unbind");
    private static final String[] DEVPATHS = {"/devices/virtual/mem/null", "/devices/pci0000:00/0000:00:02.0/", "/",
            "devices/x", ""};
    private static final String[] SUBSYSTEMS = {"mem", "block", "net", ""};
    private static final String[] KEYS = {"DEVTYPE", "MAJOR", "SYNTH_ARG_FOO", "ACTION", "DEVPATH", "SUBSYSTEM",
            "SEQNUM", "=", "A=B", ""};
    /** Header fields of the libudev format a mutation may overwrite: magic, header size, properties offset, length. */
    private static final int[] UDEV_HEADER_INTS = {8, 12, 16, 20};

    final byte[] bytes;
    final Uevent expected;

    private AssembledMessage(byte[] bytes, Uevent expected) {
        this.bytes = bytes;
        this.expected = expected;
    }

    static AssembledMessage draw(FuzzedDataProvider data) {
        boolean udev = data.consumeBoolean();
        byte[] action = ascii(data.pickValue(ACTIONS));
        byte[] devpath = concat(ascii(data.pickValue(DEVPATHS)), data.consumeBytes(data.consumeInt(0, 32)));
        byte[] subsystem = concat(ascii(data.pickValue(SUBSYSTEMS)), data.consumeBytes(data.consumeInt(0, 8)));
        byte[] seqnum = ascii(data.consumeBoolean() ? Long.toString(data.consumeLong(0, Long.MAX_VALUE))
                : data.consumeAsciiString(20));

        List<byte[][]> properties = new ArrayList<>();
        properties.add(property("ACTION", action));
        properties.add(property("DEVPATH", devpath));
        properties.add(property("SUBSYSTEM", subsystem));
        properties.add(property("SEQNUM", seqnum));
        int extras = data.consumeInt(0, 6);
        for (int i = 0; i < extras; i++) {
            byte[] key = data.consumeBoolean() ? ascii(data.pickValue(KEYS))
                    : data.consumeBytes(data.consumeInt(0, 12));
            byte[] value = data.consumeBytes(data.consumeInt(0, 48));
            properties.add(data.consumeInt(0, properties.size()), new byte[][] {key, value});
        }
        // One long value walks the message across the size limit.
        if (data.consumeBoolean()) {
            int padding = data.consumeInt(0, UeventParser.MAX_MESSAGE_BYTES + 64);
            properties.add(property("PAD", "x".repeat(padding).getBytes(StandardCharsets.US_ASCII)));
        }

        byte[] block = block(properties);
        byte[] message = udev ? udevMessage(block, data) : concat(concat(action, ascii("@")), concat(devpath,
                concat(new byte[1], block)));
        int mutations = data.consumeInt(0, 3);
        for (int i = 0; i < mutations; i++) {
            message = mutate(message, udev, data);
        }
        Uevent expected = mutations == 0 ? expectedEvent(properties, action, devpath, udev, message.length) : null;
        return new AssembledMessage(message, expected);
    }

    /** The udev header as sd-device-monitor writes it, optionally with a gap between header and properties. */
    private static byte[] udevMessage(byte[] block, FuzzedDataProvider data) {
        int gap = data.consumeInt(0, 16);
        int propertiesOffset = UeventParser.UDEV_HEADER_BYTES + gap;
        int headerSize = data.consumeInt(UeventParser.UDEV_HEADER_BYTES, propertiesOffset);
        ByteBuffer buffer = ByteBuffer.allocate(propertiesOffset + block.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("libudev\0".getBytes(StandardCharsets.US_ASCII));
        buffer.order(ByteOrder.BIG_ENDIAN).putInt(UeventParser.UDEV_MAGIC).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(headerSize).putInt(propertiesOffset).putInt(block.length);
        buffer.put(data.consumeBytes(16 + gap)); // filter hashes and the gap: never read
        buffer.position(propertiesOffset);
        buffer.put(block);
        return buffer.array();
    }

    private static byte[] mutate(byte[] message, boolean udev, FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                if (message.length > 0) {
                    message[data.consumeInt(0, message.length - 1)] = data.consumeByte();
                }
                return message;
            case 1:
                if (udev && message.length >= UeventParser.UDEV_HEADER_BYTES) {
                    ByteOrder order = data.consumeBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                    ByteBuffer.wrap(message).order(order).putInt(data.pickValue(UDEV_HEADER_INTS), data.consumeInt());
                }
                return message;
            case 2:
                return Arrays.copyOf(message, data.consumeInt(0, message.length));
            default:
                return concat(message, data.consumeBytes(data.consumeInt(1, 16)));
        }
    }

    /** What an unmutated message must parse to, or null if one of its fields makes it malformed. */
    private static Uevent expectedEvent(List<byte[][]> properties, byte[] headerAction, byte[] headerDevpath,
                                        boolean udev, int length) {
        if (length > UeventParser.MAX_MESSAGE_BYTES) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (byte[][] property : properties) {
            byte[] key = property[0];
            if (key.length == 0 || contains(key, '=') || contains(key, 0) || contains(property[1], 0)) {
                return null;
            }
            map.put(utf8(key), utf8(property[1])); // a repeated key keeps its first position and its last value
        }
        String action = map.get("ACTION");
        String devpath = map.get("DEVPATH");
        String seqnum = map.get("SEQNUM");
        if (!KERNEL_ACTIONS.contains(action) || !devpath.startsWith("/") || !isPositiveDecimal(seqnum)) {
            return null;
        }
        // The kernel header must name the same action and devpath as the properties (compared as decoded text).
        if (!udev && (!utf8(headerAction).equals(action) || !utf8(headerDevpath).equals(devpath))) {
            return null;
        }
        return new Uevent(UeventAction.valueOf(action.toUpperCase(Locale.ROOT)), devpath, map.get("SUBSYSTEM"),
                Long.parseLong(seqnum), map, udev ? UeventOrigin.UDEV : UeventOrigin.KERNEL);
    }

    /** 1 to 18 decimal digits, not all zero: what SEQNUM must look like. */
    private static boolean isPositiveDecimal(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Long.parseLong(text) > 0;
    }

    private static byte[] block(List<byte[][]> properties) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] property : properties) {
            out.writeBytes(property[0]);
            out.write('=');
            out.writeBytes(property[1]);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[][] property(String key, byte[] value) {
        return new byte[][] {ascii(key), value};
    }

    private static boolean contains(byte[] bytes, int value) {
        for (byte b : bytes) {
            if (b == value) {
                return true;
            }
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
