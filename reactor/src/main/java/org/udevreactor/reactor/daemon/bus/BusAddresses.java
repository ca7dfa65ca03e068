package org.udevreactor.reactor.daemon.bus;

/**
 * Every event-bus address the daemon uses, in one place: dotted lowercase, never typed ad hoc.
 * All are local to the process (the bus is not clustered).
 */
public final class BusAddresses {
    private static final String PREFIX = "reactor.";

    /** {@link EventBatch}es from the netlink listener thread (and the sysfs scans) to the event queue. */
    public static final String EVENTS = PREFIX + "events";
    /** {@link org.udevreactor.netlink.EventLoss} reports from the listener: the queue rescans sysfs. */
    public static final String LOSS = PREFIX + "events.loss";
    /** Published as device events are handled: a {@link HandledBatch} of their results. */
    public static final String HANDLED = PREFIX + "device.handled";

    private BusAddresses() {
    }
}
