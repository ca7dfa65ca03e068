package org.udevreactor.reactor.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters by label value (an action, a result kind), created on first use; safe from any thread. */
public final class Counts {
    private final ConcurrentHashMap<String, LongAdder> byLabel = new ConcurrentHashMap<>();

    public void increment(String label) {
        byLabel.computeIfAbsent(label, k -> new LongAdder()).increment();
    }

    public long get(String label) {
        LongAdder a = byLabel.get(label);
        return a == null ? 0 : a.sum();
    }

    /** Every label counted so far, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byLabel.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
