package org.udevreactor.reactor.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.udevreactor.netlink.ListenerStats;
import org.udevreactor.reactor.daemon.PipelineCounters;
import org.udevreactor.reactor.modules.LoadStatistics;

/** The daemon's counters and histograms as the sections of {@code status --json}. */
public final class MetricsJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MetricsJson() {
    }

    /** Adds "events", "lookups", "loads", "binds", "resyncs" and "errors" to {@code status}. */
    public static void addTo(ObjectNode status, DaemonMetrics m) {
        PipelineCounters c = m.counters();
        ObjectNode events = status.putObject("events");
        events.set("by_action", counts(m.events().byAction().snapshot()));
        events.set("by_source", counts(m.events().bySource().snapshot()));
        ObjectNode rejected = events.putObject("rejected");
        long lost = 0;
        if (m.listener().isPresent()) {
            ListenerStats l = m.listener().get();
            events.put("received", l.received());
            l.rejected().forEach((reason, n) -> rejected.put(reason.name().toLowerCase(java.util.Locale.ROOT), n));
            events.put("overflows", l.overflows());
            lost = l.lost();
        }
        events.put("lost", lost);
        events.set("latency_ms", histogram(m.events().latency()));

        status.put("lookups", m.modules().lookups());
        ObjectNode loads = status.putObject("loads");
        loads.set("results", counts(m.modules().loadStatistics().map(LoadStatistics::results).orElse(Map.of())));
        loads.put("kernel_calls", m.modules().loadStatistics().map(LoadStatistics::kernelCalls).orElse(0L));
        loads.put("kernel_ms", m.modules().loadStatistics().map(LoadStatistics::kernelNanos).orElse(0L) / 1e6);
        loads.set("latency_ms", histogram(m.modules().loadLatency()));

        ObjectNode binds = status.putObject("binds");
        binds.set("results", counts(m.binds().results().snapshot()));
        binds.set("rollbacks", counts(m.binds().rollbacks().snapshot()));
        binds.set("latency_ms", histogram(m.binds().latency()));

        ObjectNode resyncs = status.putObject("resyncs");
        resyncs.put("count", c.resyncs());
        resyncs.put("events_lost", c.lost());
        resyncs.put("devices_recovered", c.recovered());

        var errors = status.putArray("errors");
        for (RecentErrors.Entry e : m.events().errors().list()) {
            ObjectNode o = errors.addObject();
            o.put("time", e.time().toString());
            o.put("device", e.device());
            o.put("message", e.message());
        }
    }

    static ObjectNode counts(Map<String, Long> counts) {
        ObjectNode o = JSON.objectNode();
        new java.util.TreeMap<>(counts).forEach(o::put);
        return o;
    }

    /** {"count": n, "sum": ms, "buckets": {"0.5": n, …, "+Inf": n}} with cumulative bucket counts. */
    static ObjectNode histogram(LatencyHistogram h) {
        ObjectNode o = JSON.objectNode();
        o.put("count", h.count());
        o.put("sum", h.sumMillis());
        ObjectNode buckets = o.putObject("buckets");
        double[] bounds = LatencyHistogram.boundsMillis();
        long[] counts = h.cumulative();
        for (int i = 0; i < counts.length; i++) {
            buckets.put(i < bounds.length ? number(bounds[i]) : "+Inf", counts[i]);
        }
        return o;
    }

    /** 0.5 → "0.5", 10.0 → "10", 0.0005 → "0.0005" (never exponents). */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.isFinite(value) ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
    }
}
