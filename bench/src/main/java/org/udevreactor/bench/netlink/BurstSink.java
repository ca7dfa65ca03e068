package org.udevreactor.bench.netlink;

import java.util.List;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventSink;

/**
 * Takes what the listener delivers during a benchmark and keeps only what the burst check needs:
 * how many of the events were the burst's own, and whether an overflow was reported.
 */
final class BurstSink implements UeventSink {
    long events;
    long burstEvents;
    long overflowReports;

    @Override
    public void onEvents(List<Uevent> batch) {
        for (Uevent event : batch) {
            events++;
            if (event.action() == UeventAction.CHANGE && event.devpath().equals(KernelBurst.DEVPATH)) {
                burstEvents++;
            }
        }
    }

    /**
     * Counts overflows only: a SEQNUM gap without one is no loss of this socket's (another process's
     * event can take a SEQNUM before the socket is bound and be broadcast after, or go to another
     * network namespace only).
     */
    @Override
    public void onLoss(EventLoss loss) {
        if (loss.cause() == EventLoss.Cause.OVERFLOW) {
            overflowReports++;
        }
    }

    /** Fails unless exactly the burst's events were delivered, each once, parsed, and no overflow was reported. */
    void verify(KernelBurst burst) {
        if (overflowReports > 0 || burstEvents != burst.events()) {
            throw new IllegalStateException("listener: delivered " + burstEvents + " events of a burst of "
                    + burst.events() + " (" + events + " in all, " + overflowReports + " overflow reports)");
        }
    }
}
