package org.udevreactor.reactor.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, as Prometheus histograms keep them: each bucket counts
 * the observations at most its upper bound (cumulative when read), plus their count and sum.
 * Fixed bounds keep recording to two adders and no allocation, from any thread.
 */
public final class LatencyHistogram {
    /** Upper bounds in milliseconds: from a sysfs read (well below 1 ms) to a module still coming (30 s). */
    static final double[] BOUNDS_MS = {0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MS.length + 1];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        double ms = Math.max(0, nanos) / 1e6;
        int i = 0;
        while (i < BOUNDS_MS.length && ms > BOUNDS_MS[i]) {
            i++;
        }
        buckets[i].increment();
        count.increment();
        sumNanos.add(Math.max(0, nanos));
    }

    public long count() {
        return count.sum();
    }

    public double sumMillis() {
        return sumNanos.sum() / 1e6;
    }

    /** The buckets' upper bounds in milliseconds, increasing; a last bucket (+Inf) follows them. */
    public static double[] boundsMillis() {
        return BOUNDS_MS.clone();
    }

    /**
     * Cumulative counts, one per bound of {@link #boundsMillis} and a last one for +Inf. Read while
     * others record, a bucket may already count an observation that {@link #count} does not yet.
     */
    public long[] cumulative() {
        long[] out = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            out[i] = running;
        }
        return out;
    }
}
