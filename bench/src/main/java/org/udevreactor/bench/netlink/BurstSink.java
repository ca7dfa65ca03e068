package org.udevreactor.bench.netlink;

import java.util.List;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventSink;

/**
 * Takes what the listener delivers during a benchmark and keeps only what the burst check needs:
 * how many events came, how many were the burst's own, the SEQNUM range, and any loss report.
 */
final class BurstSink implements UeventSink {
    long events;
    long burstEvents;
    long lowestSeqnum = Long.MAX_VALUE;
    long highestSeqnum = Long.MIN_VALUE;
    long lossReports;

    @Override
    public void onEvents(List<Uevent> batch) {
        for (Uevent event : batch) {
            events++;
            if (event.action() == UeventAction.CHANGE && event.devpath().equals(KernelBurst.DEVPATH)) {
                burstEvents++;
            }
            lowestSeqnum = Math.min(lowestSeqnum, event.seqnum());
            highestSeqnum = Math.max(highestSeqnum, event.seqnum());
        }
    }

    @Override
    public void onLoss(EventLoss loss) {
        lossReports++;
    }

    /**
     * Fails unless every event of the burst came exactly once and nothing was lost: no loss report
     * (the listener reports any SEQNUM gap between the events it delivered), and the delivered range
     * covers the burst's SEQNUM window.
     */
    void verify(KernelBurst burst) {
        if (lossReports > 0 || burstEvents != burst.events() || lowestSeqnum > burst.seqnumBefore() + 1
                || lowestSeqnum <= burst.seqnumAtOpen() || highestSeqnum < burst.seqnumAfter()) {
            throw new IllegalStateException("listener: delivered " + events + " events (" + burstEvents + " of the"
                    + " burst, SEQNUM " + lowestSeqnum + ".." + highestSeqnum + ", " + lossReports + " loss reports)"
                    + " for a burst of " + burst.events() + " (SEQNUM " + (burst.seqnumBefore() + 1) + ".."
                    + burst.seqnumAfter() + ")");
        }
    }
}
