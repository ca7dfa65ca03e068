package org.udevreactor.reactor.daemon;

import java.util.concurrent.atomic.AtomicLong;
import org.udevreactor.reactor.daemon.handling.Handled;

/** Totals since start, for the "ready" line, the resync warning and (later) the status command. */
public final class PipelineCounters {
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong acted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lossReports = new AtomicLong();
    private final AtomicLong rescans = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();

    void record(Handled h) {
        handled.incrementAndGet();
        if (h.result().acted()) {
            acted.incrementAndGet();
        }
        if (!h.result().ok()) {
            failed.incrementAndGet();
        }
    }

    /** One rescan, answering {@code reports} loss reports that counted {@code lostEvents} in all. */
    void recordResync(int reports, long lostEvents, int recoveredChanges) {
        rescans.incrementAndGet();
        lossReports.addAndGet(reports);
        lost.addAndGet(lostEvents);
        recovered.addAndGet(recoveredChanges);
    }

    /** Events handled, of every source. */
    public long handled() {
        return handled.get();
    }

    /** Events whose handling did (or in a dry run planned) a load or a bind. */
    public long acted() {
        return acted.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Rescans of sysfs after lost events (several loss reports may share one). */
    public long resyncs() {
        return rescans.get();
    }

    /** Loss reports from the listener answered by those rescans. */
    public long lossReports() {
        return lossReports.get();
    }

    /** Events the listener reported lost, where the count was known. */
    public long lost() {
        return lost.get();
    }

    /** Devices added or removed by resyncs. */
    public long recovered() {
        return recovered.get();
    }
}
