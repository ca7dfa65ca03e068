package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** What must hold whatever bytes {@link UeventParser} is given; the fuzz tests check it on every input. */
final class ParseInvariants {
    /** Details end up in logs: they name the offending part, but never copy a whole message. */
    static final int MAX_DETAIL_CHARS = 512;
    /** The parser's worst case is about 250 KiB (8 KiB of tiny distinct properties); a blow-up is far above. */
    static final long MAX_ALLOCATED_BYTES = 1 << 20;

    private static final byte[] UDEV_PREFIX = "libudev\0".getBytes(StandardCharsets.US_ASCII);
    private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

    private ParseInvariants() {
    }

    /** Parses {@code message}, checks every invariant and returns the outcome. */
    static ParseOutcome parseAndCheck(byte[] message) {
        byte[] original = message.clone();

        ParseOutcome outcome = UeventParser.parse(message);

        assertThat(outcome).isNotNull();
        assertThat(message).as("input after parsing").isEqualTo(original);
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            checkEvent(parsed.event(), message);
        } else {
            ParseOutcome.Rejected rejected = (ParseOutcome.Rejected) outcome;
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.detail()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_DETAIL_CHARS);
        }

        // Again, framed by bytes a stray read would notice: a libudev prefix before, NULs after. The first
        // parse loaded and linked whatever this path needs, so this one counts the parser's own allocation.
        byte[] framed = new byte[UDEV_PREFIX.length + message.length + 8];
        System.arraycopy(UDEV_PREFIX, 0, framed, 0, UDEV_PREFIX.length);
        System.arraycopy(message, 0, framed, UDEV_PREFIX.length, message.length);
        long allocatedBefore = allocatedBytes();
        ParseOutcome again = UeventParser.parse(framed, UDEV_PREFIX.length, message.length);
        long allocated = allocatedBytes() - allocatedBefore;

        assertThat(again).isEqualTo(outcome);
        if (allocatedBefore >= 0) {
            assertThat(allocated).as("bytes allocated parsing %d bytes", message.length)
                    .isLessThanOrEqualTo(MAX_ALLOCATED_BYTES);
        }
        return outcome;
    }

    private static void checkEvent(Uevent event, byte[] message) {
        Map<String, String> properties = event.properties();
        assertThat(event.devpath()).startsWith("/");
        assertThat(event.seqnum()).isPositive();
        assertThat(properties.get("ACTION")).isEqualTo(event.action().wireName());
        assertThat(properties.get("DEVPATH")).isEqualTo(event.devpath());
        assertThat(properties.get("SUBSYSTEM")).isEqualTo(event.subsystem());
        assertThat(properties.get("SEQNUM")).containsOnlyDigits();
        assertThat(Long.parseLong(properties.get("SEQNUM"))).isEqualTo(event.seqnum());
        properties.forEach((key, value) -> {
            assertThat(key).isNotEmpty().doesNotContain("=").doesNotContain("\0");
            assertThat(value).doesNotContain("\0");
        });
        boolean udev = message.length >= UDEV_PREFIX.length
                && Arrays.equals(message, 0, UDEV_PREFIX.length, UDEV_PREFIX, 0, UDEV_PREFIX.length);
        assertThat(event.origin()).isEqualTo(udev ? UeventOrigin.UDEV : UeventOrigin.KERNEL);
        if (!udev) {
            int headerEnd = 0;
            while (message[headerEnd] != 0) {
                headerEnd++;
            }
            assertThat(new String(message, 0, headerEnd, StandardCharsets.UTF_8))
                    .isEqualTo(event.action().wireName() + "@" + event.devpath());
        }
    }

    /** Bytes allocated so far by this thread, or -1 where the JVM cannot tell. */
    private static long allocatedBytes() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads;
        }
        return null;
    }
}
