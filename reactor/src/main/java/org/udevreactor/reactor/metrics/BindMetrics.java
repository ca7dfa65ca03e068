package org.udevreactor.reactor.metrics;

import java.util.Locale;
import org.udevreactor.reactor.binding.BindOutcome;

/** Binds and releases the daemon carried out: outcomes by kind, rollbacks, and how long each took. */
public final class BindMetrics {
    private final Counts results = new Counts();
    private final Counts rollbacks = new Counts();
    private final LatencyHistogram latency = new LatencyHistogram();

    public void record(BindOutcome outcome) {
        results.increment(kind(outcome));
        if (outcome instanceof BindOutcome.Failed failed) {
            // Every failure rolls back; the one that matters most is the rollback that did not complete.
            rollbacks.increment(failed.rolledBack() ? "completed" : "incomplete");
        }
        latency.record(outcome.took().toNanos());
    }

    /** "bound", "already_bound", "released", "refused", "failed", "vanished", "not_binding". */
    static String kind(BindOutcome outcome) {
        return outcome.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Outcomes by kind. */
    public Counts results() {
        return results;
    }

    /** Failed binds by whether their rollback completed ("completed", "incomplete"). */
    public Counts rollbacks() {
        return rollbacks;
    }

    public LatencyHistogram latency() {
        return latency;
    }
}
