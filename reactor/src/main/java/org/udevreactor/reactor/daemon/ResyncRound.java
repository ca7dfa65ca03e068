package org.udevreactor.reactor.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.reactor.daemon.scan.Reconciliation;

/**
 * One rescan of sysfs after lost events, and every loss report it answers. An overflow comes as
 * a burst of reports (one per SEQNUM gap, one more when the queue empties); a rescan that has not
 * begun yet covers every loss reported before it begins, so later reports join it instead of
 * costing a scan each. Once it has begun, a new loss needs a new round (the scan may already have
 * passed the devices that changed).
 *
 * <p>Counts are touched on the pipeline's event loop only; {@link #begin} is called by the worker
 * that scans, so {@code begun} is volatile. Should a report see {@code begun} false just before the
 * scan begins, the scan still begins after that loss happened, so it covers it.
 */
final class ResyncRound {
    private final Promise<Reconciliation> queued = Promise.promise();
    private volatile boolean begun;
    private int reports;
    private long counted;
    private boolean someUncounted;

    ResyncRound(EventLoss first) {
        add(first);
    }

    /** Adds a loss to this round if its scan has not begun; false means a new round is needed. */
    boolean join(EventLoss loss) {
        if (begun) {
            return false;
        }
        add(loss);
        return true;
    }

    /** The scan begins now: losses reported from here on need another round. */
    void begin() {
        begun = true;
    }

    private void add(EventLoss loss) {
        reports++;
        if (loss.countKnown()) {
            counted += loss.count();
        } else {
            someUncounted = true;
        }
    }

    /** Loss reports this round answers. */
    int reports() {
        return reports;
    }

    /** Events lost, summed over the reports whose count was known. */
    long counted() {
        return counted;
    }

    /** For the warning: "7 events lost in 3 reports", "at least 7 …", "events lost (count unknown)". */
    String describe() {
        String events;
        if (counted == 0 && someUncounted) {
            events = "events lost (count unknown)";
        } else {
            events = (someUncounted ? "at least " : "") + counted + " events lost";
        }
        return reports == 1 ? events : events + " in " + reports + " loss reports";
    }

    /** Completes with the differences once they are queued (or fails when the scan did). */
    Promise<Reconciliation> queued() {
        return queued;
    }

    Future<Reconciliation> future() {
        return queued.future();
    }
}
