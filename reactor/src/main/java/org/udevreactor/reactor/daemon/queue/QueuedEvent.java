package org.udevreactor.reactor.daemon.queue;

import java.util.ArrayList;
import java.util.List;
import org.udevreactor.reactor.daemon.DeviceEvent;

/** An event in the {@link EventQueue}, with its place in arrival order. */
public final class QueuedEvent {
    private final long order;
    private final DeviceEvent event;
    /** System.nanoTime() when queued: the event's latency runs from here. */
    private final long queuedNanos = System.nanoTime();
    /** Events that found this one in their way; looked at again when it finishes. */
    final List<QueuedEvent> waiters = new ArrayList<>(0);
    /**
     * The event for the same devpath queued just before this one, until it is seen finished
     * (then null, so finished events are not kept alive through a chain of them).
     */
    QueuedEvent previousSameDevice;
    boolean finished;

    QueuedEvent(long order, DeviceEvent event) {
        this.order = order;
        this.event = event;
    }

    /** Arrival order: 1, 2, 3, ...; kernel events arrive in SEQNUM order, so it follows SEQNUM. */
    public long order() {
        return order;
    }

    public DeviceEvent event() {
        return event;
    }

    public long queuedNanos() {
        return queuedNanos;
    }

    @Override
    public String toString() {
        return "#" + order + " " + event;
    }
}
