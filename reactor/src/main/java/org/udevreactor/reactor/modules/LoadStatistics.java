package org.udevreactor.reactor.modules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of results by kind and of kernel calls, for metrics; safe to update from any thread. */
public final class LoadStatistics {
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LongAdder kernelCalls = new LongAdder();
    private final LongAdder kernelNanos = new LongAdder();

    void record(LoadResult result) {
        byKind.computeIfAbsent(result.getClass().getSimpleName(), k -> new LongAdder()).increment();
    }

    void kernelCall(long nanos) {
        kernelCalls.increment();
        kernelNanos.add(nanos);
    }

    /** Result counts keyed by kind ("Loaded", "AlreadyLive", "Failed", ...). */
    public Map<String, Long> results() {
        Map<String, Long> out = new LinkedHashMap<>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** finit_module/init_module calls made, whatever their outcome. */
    public long kernelCalls() {
        return kernelCalls.sum();
    }

    /** Time spent inside those calls: the kernel's share of loading. */
    public long kernelNanos() {
        return kernelNanos.sum();
    }
}
