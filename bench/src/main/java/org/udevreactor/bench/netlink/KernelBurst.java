package org.udevreactor.bench.netlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A burst of real kernel uevents, written before the timed part of a benchmark, and the check that
 * a socket bound before it received all of it.
 *
 * <p>The events are "change" of /dev/zero: written through one open file they come as fast as
 * sysfs takes them, and each is as long as the /dev/null events the reference figures
 * were measured with (~170 bytes). /dev/zero rather than /dev/null so that a burst never counts
 * as one of the /dev/null events the netlink module's real-kernel tests look for.
 *
 * <p>Why the check is sound without looking at each datagram: the kernel broadcasts every uevent
 * to every socket bound to the group, and when one does not fit in a socket's receive buffer (or
 * cannot be cloned for it) the socket's next recvmsg fails with ENOBUFS; netlink has no other way
 * to drop a broadcast. So a socket bound before the burst, drained until EAGAIN after it, without
 * ENOBUFS, received every event of the burst. It may also have received other processes' uevents
 * (or forged datagrams) sent meanwhile: those are drained but not counted as operations, so they
 * only make a rate conservative. (SEQNUM windows are no exact check: a SEQNUM is taken before the
 * event is broadcast, so another process's event can race either end of the window.)
 *
 * @param events "change" events written
 */
record KernelBurst(int events) {
    static final String DEVPATH = "/devices/virtual/mem/zero";
    static final Path UEVENT_FILE = Path.of("/sys" + DEVPATH + "/uevent");

    /**
     * Writes "change" {@code events} times to /dev/zero's uevent file; every event is queued on
     * every bound socket when this returns (the kernel broadcasts within the write).
     */
    static KernelBurst write(int events) {
        ByteBuffer change = ByteBuffer.wrap("change".getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(UEVENT_FILE, StandardOpenOption.WRITE)) {
            for (int i = 0; i < events; i++) {
                change.rewind();
                channel.write(change, 0);
            }
            return new KernelBurst(events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a uevent burst to " + UEVENT_FILE + " (needs root)", e);
        }
    }

    /** Fails unless the socket, bound before the burst and drained until empty after it, lost nothing. */
    void verify(String who, DrainCount drained) {
        if (drained == null) {
            throw new IllegalStateException(who + ": the drain did not finish");
        }
        if (drained.overflows() > 0) {
            throw new IllegalStateException(who + ": receive buffer overflowed " + drained.overflows()
                    + " times (ENOBUFS) during a burst of " + events + " events: events were lost");
        }
        if (drained.received() < events) {
            throw new IllegalStateException(who + ": received " + drained.received() + " datagrams for a burst of "
                    + events + " events without ENOBUFS: was the socket bound after the burst began?");
        }
    }

    /** Received datagrams that were not this burst's: other processes' uevents, drained but not counted. */
    long foreignEvents(DrainCount drained) {
        return drained.received() - events;
    }
}
