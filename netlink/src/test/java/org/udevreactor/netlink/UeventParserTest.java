package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UeventParserTest {

    // ---- real captures (test-fixtures/uevents, made by capture.py) ----

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("kernel-mem-null-change", UeventOrigin.KERNEL, UeventAction.CHANGE,
                        "/devices/virtual/mem/null", "mem", Map.of("SYNTH_UUID", "0", "MAJOR", "1", "MINOR", "3",
                                "DEVNAME", "null", "DEVMODE", "0666")),
                Arguments.of("udev-mem-null-change", UeventOrigin.UDEV, UeventAction.CHANGE,
                        "/devices/virtual/mem/null", "mem", Map.of("DEVNAME", "null", "DEVMODE", "0666")),
                Arguments.of("kernel-mem-null-synthetic-add", UeventOrigin.KERNEL, UeventAction.ADD,
                        "/devices/virtual/mem/null", "mem", Map.of("SYNTH_UUID", "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                                "SYNTH_ARG_FOO", "bar", "SYNTH_ARG_LEVEL", "3")),
                Arguments.of("kernel-loop-disk-attach", UeventOrigin.KERNEL, UeventAction.CHANGE,
                        "/devices/virtual/block/loop0", "block", Map.of("DEVTYPE", "disk", "DEVNAME", "loop0")),
                Arguments.of("kernel-loop-partition-add", UeventOrigin.KERNEL, UeventAction.ADD,
                        "/devices/virtual/block/loop0/loop0p1", "block", Map.of("DEVTYPE", "partition", "PARTN", "1",
                                "DEVNAME", "loop0p1", "MAJOR", "259")),
                Arguments.of("kernel-loop-partition-remove", UeventOrigin.KERNEL, UeventAction.REMOVE,
                        "/devices/virtual/block/loop0/loop0p1", "block", Map.of("DEVTYPE", "partition", "PARTN", "1")),
                Arguments.of("kernel-net-bridge-add", UeventOrigin.KERNEL, UeventAction.ADD,
                        "/devices/virtual/net/fixturebr0", "net", Map.of("DEVTYPE", "bridge", "INTERFACE", "fixturebr0")),
                Arguments.of("kernel-net-queue-add", UeventOrigin.KERNEL, UeventAction.ADD,
                        "/devices/virtual/net/fixturebr0/queues/rx-0", "queues", Map.of()),
                Arguments.of("kernel-net-bridge-remove", UeventOrigin.KERNEL, UeventAction.REMOVE,
                        "/devices/virtual/net/fixturebr0", "net", Map.of("INTERFACE", "fixturebr0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void parse_realCapture_givesExpectedEvent(String name, UeventOrigin origin, UeventAction action, String devpath,
                                              String subsystem, Map<String, String> someProperties) throws IOException {
        byte[] capture = Files.readAllBytes(Fixtures.uevents().resolve(name + ".bin"));

        Uevent event = parsed(capture);

        assertThat(event.origin()).isEqualTo(origin);
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.devpath()).isEqualTo(devpath);
        assertThat(event.subsystem()).isEqualTo(subsystem);
        assertThat(event.seqnum()).isEqualTo(Long.parseLong(event.properties().get("SEQNUM")));
        assertThat(event.properties()).containsAllEntriesOf(someProperties);
        assertThat(List.copyOf(event.properties().keySet()).subList(0, 3))
                .containsExactly("ACTION", "DEVPATH", "SUBSYSTEM");
    }

    @Test
    void captures_everyBinaryFile_hasAnExactEscapedTextTwin() throws IOException {
        List<Path> binaries;
        try (Stream<Path> files = Files.list(Fixtures.uevents())) {
            binaries = files.filter(p -> p.toString().endsWith(".bin")).sorted().collect(Collectors.toList());
        }
        assertThat(binaries).hasSizeGreaterThanOrEqualTo(9);
        for (Path binary : binaries) {
            Path twin = Path.of(binary.toString().replaceAll("\\.bin$", ".txt"));
            byte[] bytes = Files.readAllBytes(binary);
            String text = Files.readString(twin).stripTrailing();
            assertThat(text).as("twin of %s", binary.getFileName()).isEqualTo(EscapedText.escape(bytes, 0, bytes.length));
            assertThat(EscapedText.unescape(text)).isEqualTo(bytes);
        }
    }

    // ---- properties ----

    @Test
    void parse_valueContainingEquals_splitsOnFirstOnly() {
        Uevent event = parsed(kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", "SEQNUM=7",
                "ARGS=a=b=c", "EMPTY="));

        assertThat(event.properties()).containsEntry("ARGS", "a=b=c").containsEntry("EMPTY", "");
    }

    @Test
    void parse_repeatedKey_keepsFirstPositionAndLastValue() {
        Uevent event = parsed(kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "FOO=1", "SUBSYSTEM=s",
                "FOO=2", "SEQNUM=7"));

        assertThat(List.copyOf(event.properties().keySet())).containsExactly("ACTION", "DEVPATH", "FOO", "SUBSYSTEM",
                "SEQNUM");
        assertThat(event.properties()).containsEntry("FOO", "2");
    }

    @Test
    void parse_utf8Value_isDecoded() {
        Uevent event = parsed(kernel("change@/devices/x", "ACTION=change", "DEVPATH=/devices/x", "SUBSYSTEM=block",
                "SEQNUM=9", "ID_FS_LABEL=Données"));

        assertThat(event.properties()).containsEntry("ID_FS_LABEL", "Données");
    }

    @Test
    void parse_nonAsciiDevpath_headerStillMatches() {
        Uevent event = parsed(kernel("add@/devices/virtual/net/é", "ACTION=add", "DEVPATH=/devices/virtual/net/é",
                "SUBSYSTEM=net", "SEQNUM=3"));

        assertThat(event.devpath()).isEqualTo("/devices/virtual/net/é");
    }

    @Test
    void parse_devpathNotUtf8_headerStillMatches() {
        // A kernel name may hold any byte but '/' (a network interface may be named "\xc7"): both the header and
        // DEVPATH= decode it to U+FFFD, so they still agree.
        Uevent event = parsed(EscapedText.unescape("add@/devices/virtual/net/\\xc7\\0ACTION=add\\0"
                + "DEVPATH=/devices/virtual/net/\\xc7\\0SUBSYSTEM=net\\0SEQNUM=3\\0"));

        assertThat(event.devpath()).isEqualTo("/devices/virtual/net/\uFFFD");
    }

    @Test
    void parse_properties_cannotBeModified() {
        Uevent event = parsed(kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", "SEQNUM=7"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> event.properties().put("X", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> event.properties().entrySet().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- every reject path ----

    static Stream<Arguments> rejects() {
        String[] valid = {"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", "SEQNUM=7"};
        return Stream.of(
                Arguments.of("empty", new byte[0], RejectReason.TRUNCATED),
                Arguments.of("oversized", pad(kernel("add@/devices/x", valid), UeventParser.MAX_MESSAGE_BYTES + 1),
                        RejectReason.OVERSIZED),
                Arguments.of("no trailing NUL", withoutLastByte(kernel("add@/devices/x", valid)), RejectReason.NO_NUL),
                Arguments.of("no NUL at all", "add@/devices/x".getBytes(StandardCharsets.US_ASCII), RejectReason.NO_NUL),
                Arguments.of("header without @", kernel("add", valid), RejectReason.NO_AT_SLASH),
                Arguments.of("header without slash", kernel("add@devices/x", valid), RejectReason.NO_AT_SLASH),
                Arguments.of("header action differs", kernel("remove@/devices/x", valid), RejectReason.HEADER_MISMATCH),
                Arguments.of("header devpath differs", kernel("add@/devices/y", valid), RejectReason.HEADER_MISMATCH),
                Arguments.of("no ACTION", kernel("add@/devices/x", "DEVPATH=/devices/x", "SUBSYSTEM=s", "SEQNUM=7"),
                        RejectReason.MISSING_KEY),
                Arguments.of("no SUBSYSTEM", kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SEQNUM=7"),
                        RejectReason.MISSING_KEY),
                Arguments.of("no SEQNUM", kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"),
                        RejectReason.MISSING_KEY),
                Arguments.of("property without =", kernel("add@/devices/x", "ACTION=add", "JUNK", "DEVPATH=/devices/x"),
                        RejectReason.MALFORMED_PROPERTY),
                Arguments.of("empty key", kernel("add@/devices/x", "ACTION=add", "=value"), RejectReason.MALFORMED_PROPERTY),
                Arguments.of("empty string", kernel("add@/devices/x", "ACTION=add", ""), RejectReason.MALFORMED_PROPERTY),
                Arguments.of("unknown action", kernel("explode@/devices/x", "ACTION=explode", "DEVPATH=/devices/x",
                        "SUBSYSTEM=s", "SEQNUM=7"), RejectReason.UNKNOWN_ACTION),
                Arguments.of("seqnum not a number", kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x",
                        "SUBSYSTEM=s", "SEQNUM=12a"), RejectReason.BAD_VALUE),
                Arguments.of("seqnum zero", kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x",
                        "SUBSYSTEM=s", "SEQNUM=0"), RejectReason.BAD_VALUE),
                Arguments.of("seqnum negative", kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x",
                        "SUBSYSTEM=s", "SEQNUM=-4"), RejectReason.BAD_VALUE),
                Arguments.of("seqnum too long", kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x",
                        "SUBSYSTEM=s", "SEQNUM=99999999999999999999"), RejectReason.BAD_VALUE),
                Arguments.of("udev devpath relative", udev(40, 40, "ACTION=add", "DEVPATH=devices/x", "SUBSYSTEM=s",
                        "SEQNUM=7"), RejectReason.BAD_VALUE),
                Arguments.of("udev header cut", Arrays.copyOf(udev(40, 40, valid), 30), RejectReason.TRUNCATED),
                Arguments.of("udev bad magic", withByte(udev(40, 40, valid), 8, 0x00), RejectReason.BAD_MAGIC),
                Arguments.of("udev little-endian magic", withMagicLittleEndian(udev(40, 40, valid)), RejectReason.BAD_MAGIC),
                Arguments.of("udev header size too small", udev(8, 40, valid), RejectReason.BAD_OFFSETS),
                Arguments.of("udev properties before header end", udev(40, 20, valid), RejectReason.BAD_OFFSETS),
                Arguments.of("udev properties past the end", withInt(udev(40, 40, valid), 20, 5000), RejectReason.BAD_OFFSETS),
                Arguments.of("udev properties offset huge", withInt(udev(40, 40, valid), 16, -8), RejectReason.BAD_OFFSETS),
                Arguments.of("udev properties empty", withInt(udev(40, 40, valid), 20, 0), RejectReason.BAD_OFFSETS),
                Arguments.of("udev properties without NUL", withoutLastByteUdev(udev(40, 40, valid)), RejectReason.NO_NUL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejects")
    void parse_malformed_isRejectedWithReason(String name, byte[] message, RejectReason reason) {
        ParseOutcome outcome = UeventParser.parse(message);

        assertThat(outcome).isInstanceOf(ParseOutcome.Rejected.class);
        ParseOutcome.Rejected rejected = (ParseOutcome.Rejected) outcome;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        assertThat(rejected.detail()).isNotBlank();
    }

    @Test
    void parse_missingKey_detailNamesKeyAndDevice() {
        ParseOutcome.Rejected rejected = (ParseOutcome.Rejected) UeventParser.parse(
                kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SEQNUM=7"));

        assertThat(rejected.detail()).contains("SUBSYSTEM").contains("/devices/x");
    }

    @Test
    void parse_offsetIntoLargerBuffer_readsOnlyTheGivenRange() {
        byte[] message = kernel("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", "SEQNUM=7");
        byte[] buffer = new byte[message.length + 20];
        Arrays.fill(buffer, (byte) 'Z');
        System.arraycopy(message, 0, buffer, 10, message.length);

        ParseOutcome outcome = UeventParser.parse(buffer, 10, message.length);

        assertThat(((ParseOutcome.Parsed) outcome).event().devpath()).isEqualTo("/devices/x");
    }

    @Test
    void parse_malformedPropertyInLargerBuffer_positionCountsFromMessageStart() {
        byte[] message = kernel("add@/devices/x", "ACTION=add", "JUNK");
        byte[] buffer = new byte[message.length + 10];
        System.arraycopy(message, 0, buffer, 10, message.length);

        ParseOutcome.Rejected rejected = (ParseOutcome.Rejected) UeventParser.parse(buffer, 10, message.length);

        assertThat(rejected.detail()).endsWith("at byte 26"); // after "add@/devices/x\0ACTION=add\0"
    }

    @Test
    void parse_hugeValuesInRejection_detailIsEscapedAndCut() {
        String devpath = "/devices/" + "\u0001".repeat(4000);

        ParseOutcome.Rejected rejected = (ParseOutcome.Rejected) UeventParser.parse(kernel("explode@" + devpath,
                "ACTION=explode", "DEVPATH=" + devpath, "SUBSYSTEM=s", "SEQNUM=7"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_ACTION);
        assertThat(rejected.detail()).startsWith("ACTION=explode (DEVPATH=/devices/\\x01").endsWith("...)")
                .hasSizeLessThanOrEqualTo(ParseInvariants.MAX_DETAIL_CHARS);
    }

    // ---- message builders ----

    static Uevent parsed(byte[] message) {
        ParseOutcome outcome = UeventParser.parse(message);
        assertThat(outcome).as(outcome.toString()).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) outcome).event();
    }

    /** A kernel-format message: the header, then each property, each NUL-terminated. */
    static byte[] kernel(String header, String... properties) {
        StringBuilder text = new StringBuilder(header).append('\0');
        for (String property : properties) {
            text.append(property).append('\0');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A libudev-format message laid out as sd-device-monitor does, with the given header size and offset. */
    static byte[] udev(int headerSize, int propertiesOffset, String... properties) {
        byte[] block = kernel(properties[0], Arrays.copyOfRange(properties, 1, properties.length));
        int total = Math.max(40, propertiesOffset) + block.length;
        ByteBuffer buffer = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("libudev\0".getBytes(StandardCharsets.US_ASCII));
        buffer.order(ByteOrder.BIG_ENDIAN).putInt(0xfeedcafe).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(headerSize).putInt(propertiesOffset).putInt(block.length);
        buffer.position(Math.max(40, propertiesOffset));
        buffer.put(block);
        return buffer.array();
    }

    private static byte[] pad(byte[] message, int length) {
        return Arrays.copyOf(message, length);
    }

    private static byte[] withoutLastByte(byte[] message) {
        return Arrays.copyOf(message, message.length - 1);
    }

    /** Replaces the final NUL of the properties block with a letter, keeping the lengths. */
    private static byte[] withoutLastByteUdev(byte[] message) {
        return withByte(message, message.length - 1, 'X');
    }

    private static byte[] withByte(byte[] message, int at, int value) {
        byte[] copy = message.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static byte[] withInt(byte[] message, int at, int value) {
        byte[] copy = message.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return copy;
    }

    private static byte[] withMagicLittleEndian(byte[] message) {
        byte[] copy = message.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0xfeedcafe);
        return copy;
    }
}
