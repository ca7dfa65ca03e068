package org.udevreactor.netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives uevents on a netlink group and hands the trusted, well-formed ones to a
 * {@link UeventSink} in batches, on a thread of its own.
 *
 * <p>Loss is reported, never hidden: a receive buffer overflow (ENOBUFS) or a jump in the kernel's
 * SEQNUM becomes an {@link EventLoss} with the number of events missed where it can be known, and
 * receiving simply continues. Untrusted senders, malformed and truncated datagrams are dropped,
 * counted by reason and logged at debug.
 */
public final class UeventListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UeventListener.class);
    private static final long STOP_MILLIS = 1000;

    private final ListenerConfig config;
    private final UeventSink sink;
    private final NetlinkUeventSocket socket;
    private final SeqnumTracker seqnums = new SeqnumTracker();
    private final byte[] scratch = new byte[NetlinkUeventSocket.SLOT_BYTES];
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Thread thread;
    private boolean overflowPending;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong lossReports = new AtomicLong();

    private UeventListener(ListenerConfig config, UeventSink sink, NetlinkUeventSocket socket) {
        this.config = config;
        this.sink = sink;
        this.socket = socket;
    }

    /**
     * Opens and binds the socket; events queue up in its buffer from this moment, before
     * {@link #start()}.
     *
     * @throws NativeCallException when the socket cannot be opened or bound (e.g. EPERM without root
     *                             for the udev group, EPROTONOSUPPORT without netlink)
     * @throws IllegalStateException when native calls are impossible on this platform
     */
    public static UeventListener open(ListenerConfig config, UeventSink sink) throws NativeCallException {
        NetlinkUeventSocket socket = NetlinkUeventSocket.open(config.group(), config.receiveBufferBytes(),
                config.slotsPerCall());
        log.debug("listening on netlink uevent group {} with a receive buffer of {} bytes",
                config.group().number(), socket.receiveBufferBytes());
        return new UeventListener(config, sink, socket);
    }

    /** Whether this platform can open the socket at all; see {@link #unavailabilityCause()}. */
    public static boolean isAvailable() {
        return Native.isAvailable();
    }

    /** Why not, or null when it can. */
    public static String unavailabilityCause() {
        return Native.unavailabilityCause();
    }

    /** The receive buffer size the kernel reports for the socket (twice the granted size, by its convention). */
    public int receiveBufferBytes() {
        return socket.receiveBufferBytes();
    }

    /** Starts the receiving thread ("uevent-listener"). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Thread receiver = new Thread(this::receiveUntilStopped, "uevent-listener");
        receiver.setDaemon(true);
        thread = receiver;
        receiver.start();
    }

    private void receiveUntilStopped() {
        try {
            while (!stopping && socket.awaitReadable()) {
                drainAvailable();
            }
        } catch (NativeCallException | RuntimeException e) {
            if (!stopping) {
                log.error("uevent receive loop failed: {}", e.getMessage(), e);
                sink.onFailure(e);
            }
        } finally {
            closeSocket();
        }
    }

    /**
     * Receives, checks, parses and delivers everything queued on the socket now, without waiting.
     * The thread started by {@link #start()} calls this; a caller that drives the loop itself (a
     * benchmark, a test) may call it instead of starting the thread, never both.
     *
     * @return the number of events delivered
     */
    public int drainAvailable() throws NativeCallException {
        long before = delivered.get();
        List<Uevent> batch = new ArrayList<>();
        while (true) {
            int count = socket.receive();
            if (count == -Errno.ENOBUFS) {
                overflows.incrementAndGet();
                overflowPending = true;
                log.debug("receive buffer overflow (ENOBUFS) on group {}", config.group().number());
                continue;
            }
            if (count < 0) {
                break; // EAGAIN: the queue is empty
            }
            for (int slot = 0; slot < count; slot++) {
                Uevent event = accept(slot);
                if (event == null) {
                    continue;
                }
                if (config.group() == NetlinkGroup.KERNEL) {
                    long last = seqnums.last();
                    long missing = seqnums.observe(event.seqnum());
                    if (missing > 0) {
                        batch = deliver(batch);
                        reportLoss(new EventLoss(overflowPending ? EventLoss.Cause.OVERFLOW : EventLoss.Cause.SEQNUM_GAP,
                                missing, last, event.seqnum()));
                    }
                }
                batch.add(event);
                if (batch.size() >= config.maxBatch()) {
                    batch = deliver(batch);
                }
            }
            if (count < socket.slots()) {
                break; // the queue was emptied by this call; poll will say when more arrives
            }
        }
        deliver(batch);
        if (overflowPending) {
            reportLoss(overflowSinceLastEvent());
        }
        return (int) (delivered.get() - before);
    }

    /** Returns the event in the slot, or null after counting and logging why it was dropped. */
    private Uevent accept(int slot) {
        received.incrementAndGet();
        if (socket.truncated(slot)) {
            return drop(RejectReason.OVERSIZED, "datagram longer than " + NetlinkUeventSocket.SLOT_BYTES
                    + " bytes (MSG_TRUNC)");
        }
        int senderPortId = socket.senderPortId(slot);
        long senderUid = socket.senderUid(slot);
        RejectReason distrust = SenderTrust.check(config.group(), senderPortId, senderUid);
        if (distrust != null) {
            return drop(distrust, "sender port id " + Integer.toUnsignedString(senderPortId)
                    + (senderUid < 0 ? ", no credentials" : ", uid " + senderUid));
        }
        int length = socket.copy(slot, scratch);
        ParseOutcome outcome = UeventParser.parse(scratch, 0, length);
        if (outcome instanceof ParseOutcome.Rejected rejection) {
            return drop(rejection.reason(), rejection.detail());
        }
        return ((ParseOutcome.Parsed) outcome).event();
    }

    private Uevent drop(RejectReason reason, String detail) {
        rejected.incrementAndGet(reason.ordinal());
        log.debug("dropped datagram on group {}: {}: {}", config.group().number(), reason, detail);
        return null;
    }

    /**
     * An overflow whose lost events were newer than everything still queued, so no later event
     * has shown the gap yet: the kernel's current SEQNUM says how many there were (at most, since
     * events raised after the queue emptied are counted too and will still arrive).
     */
    private EventLoss overflowSinceLastEvent() {
        long last = seqnums.last();
        if (config.group() == NetlinkGroup.KERNEL && last >= 0) {
            Path counter = config.sysfs().resolve("kernel/uevent_seqnum");
            try {
                long current = Long.parseLong(Files.readString(counter).trim());
                if (current > last) {
                    seqnums.skipTo(current);
                    return new EventLoss(EventLoss.Cause.OVERFLOW, current - last, last, current + 1);
                }
            } catch (IOException | NumberFormatException e) {
                log.debug("cannot read {} to count lost events: {}", counter, e.toString());
            }
        }
        return new EventLoss(EventLoss.Cause.OVERFLOW, -1, last, -1);
    }

    private void reportLoss(EventLoss loss) {
        overflowPending = false;
        lossReports.incrementAndGet();
        if (loss.countKnown()) {
            lost.addAndGet(loss.count());
        }
        sink.onLoss(loss);
    }

    /** Hands a non-empty batch to the sink and returns a fresh list to fill. */
    private List<Uevent> deliver(List<Uevent> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        delivered.addAndGet(batch.size());
        sink.onEvents(batch);
        return new ArrayList<>();
    }

    public ListenerStats stats() {
        EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            long count = rejected.get(reason.ordinal());
            if (count > 0) {
                byReason.put(reason, count);
            }
        }
        return new ListenerStats(received.get(), delivered.get(), byReason, overflows.get(), lost.get(),
                lossReports.get());
    }

    /** Stops receiving within a second (unless the sink itself is blocked) and closes the socket. */
    @Override
    public void close() {
        stopping = true;
        Thread receiver = thread;
        if (receiver == null) {
            closeSocket();
            return;
        }
        try {
            socket.wakeup();
            receiver.join(STOP_MILLIS);
        } catch (NativeCallException e) {
            log.warn("cannot wake the uevent listener: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiver.isAlive()) {
            // The thread closes the socket itself when the sink returns: closing it under a running
            // recvmmsg could hand the number to an unrelated file opened meanwhile.
            log.warn("uevent listener still busy in its sink {} ms after stop", STOP_MILLIS);
        }
    }

    private void closeSocket() {
        if (socketClosed.compareAndSet(false, true)) {
            socket.close();
        }
    }
}
