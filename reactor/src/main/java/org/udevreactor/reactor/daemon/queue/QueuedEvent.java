package org.udevreactor.reactor.daemon.queue;

import java.util.ArrayList;
import java.util.List;
import org.udevreactor.netlink.Uevent;
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
    /** As {@link #previousSameDevice}, for the same device number (MAJOR:MINOR, block or char). */
    QueuedEvent previousSameNumber;
    /** As {@link #previousSameDevice}, for the same network interface index. */
    QueuedEvent previousSameIfindex;
    boolean finished;
    /**
     * From the kernel event's properties; null (0 for the index) for an event made up from a
     * scan: it has only a devpath, and reading more from sysfs for every scanned device would
     * cost the coldplug a read per device for no effect (see the class comment of EventQueue).
     */
    final DeviceNumber number;
    final int ifindex;
    /** DEVPATH_OLD of a "move": the devpath the device had before it was renamed. */
    final String devpathOld;

    QueuedEvent(long order, DeviceEvent event) {
        this.order = order;
        this.event = event;
        Uevent uevent = event.uevent().orElse(null);
        if (uevent == null) {
            number = null;
            ifindex = 0;
            devpathOld = null;
        } else {
            number = DeviceNumber.of(uevent);
            String index = uevent.properties().get("IFINDEX");
            ifindex = index == null ? 0 : Math.max(0, DeviceNumber.unsigned(index));
            String old = uevent.properties().get("DEVPATH_OLD");
            devpathOld = old == null || old.isEmpty() ? null : old;
        }
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
