package org.udevreactor.reactor.cli;

import java.io.IOException;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;

/** How {@code reactor monitor} writes what it receives. */
interface EventFormat {

    /** @param monotonicNanos when it was received, on the CLOCK_MONOTONIC scale (System.nanoTime on Linux) */
    void event(Uevent event, long monotonicNanos) throws IOException;

    void loss(EventLoss loss) throws IOException;

    void flush() throws IOException;
}
