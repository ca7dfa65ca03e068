package org.udevreactor.bench.netlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A burst of real kernel uevents, written before the timed part of a benchmark, and the check that
 * a socket received all of it.
 *
 * <p>The events are "change" of /dev/zero: written through one open file they come as fast as
 * sysfs takes them, and each is as long as the /dev/null events the reference figures
 * were measured with (~170 bytes). /dev/zero rather than /dev/null so that a burst never counts
 * as one of the /dev/null events the netlink module's real-kernel tests look for.
 *
 * <p>The kernel numbers every uevent (SEQNUM, its last one published in /sys/kernel/uevent_seqnum).
 * A socket bound after SEQNUM {@code seqnumAtOpen} and drained until empty must have received every
 * uevent numbered {@code seqnumBefore + 1 .. seqnumAfter} (the burst, and any other process's that
 * came in between), and none numbered {@code seqnumAtOpen} or below. Other processes' uevents are
 * drained too but not counted as operations, so they make a rate conservative.
 *
 * @param events       "change" events written
 * @param seqnumAtOpen the kernel's last SEQNUM read before the socket was opened
 * @param seqnumBefore the kernel's last SEQNUM read after opening, before the first write
 * @param seqnumAfter  the kernel's last SEQNUM after the last write
 */
record KernelBurst(int events, long seqnumAtOpen, long seqnumBefore, long seqnumAfter) {
    static final String DEVPATH = "/devices/virtual/mem/zero";
    static final Path UEVENT_FILE = Path.of("/sys" + DEVPATH + "/uevent");
    static final Path SEQNUM_FILE = Path.of("/sys/kernel/uevent_seqnum");

    /**
     * Writes "change" {@code events} times to /dev/zero's uevent file; every event is queued on
     * every bound socket when this returns.
     *
     * @param seqnumAtOpen {@link #currentSeqnum()} read before the receiving socket was opened
     */
    static KernelBurst write(int events, long seqnumAtOpen) {
        ByteBuffer change = ByteBuffer.wrap("change".getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(UEVENT_FILE, StandardOpenOption.WRITE)) {
            long before = currentSeqnum();
            for (int i = 0; i < events; i++) {
                change.rewind();
                channel.write(change, 0);
            }
            return new KernelBurst(events, seqnumAtOpen, before, currentSeqnum());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a uevent burst to " + UEVENT_FILE + " (needs root)", e);
        }
    }

    /** The SEQNUM of the kernel's latest uevent. */
    static long currentSeqnum() {
        try {
            return Long.parseLong(Files.readString(SEQNUM_FILE).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SEQNUM_FILE, e);
        }
    }

    /** Fails unless the socket, drained until empty just now, received every uevent of the burst without overflow. */
    void verify(String who, DrainCount drained) {
        verify(who, drained, currentSeqnum());
    }

    /** @param seqnumNow the kernel's SEQNUM read after the drain: no later uevent can have been received */
    void verify(String who, DrainCount drained, long seqnumNow) {
        if (drained == null) {
            throw new IllegalStateException(who + ": the drain did not finish");
        }
        if (drained.overflows() > 0) {
            throw new IllegalStateException(who + ": receive buffer overflowed " + drained.overflows()
                    + " times (ENOBUFS) during a burst of " + events + " events: events were lost");
        }
        long least = seqnumAfter - seqnumBefore;
        long most = seqnumNow - seqnumAtOpen;
        if (drained.received() < least || drained.received() > most) {
            throw new IllegalStateException(who + ": received " + drained.received() + " datagrams, but the kernel"
                    + " sent " + least + " uevents during the burst of " + events + " (SEQNUM " + (seqnumBefore + 1)
                    + ".." + seqnumAfter + ") and " + most + " since the socket was opened: "
                    + (drained.received() < least ? "events were lost" : "datagrams that are no kernel uevents?"));
        }
    }

    /** Received datagrams that were not this burst's: other processes' uevents, drained but not counted. */
    long foreignEvents(DrainCount drained) {
        return drained.received() - events;
    }
}
