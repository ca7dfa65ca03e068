package org.udevreactor.reactor.metrics;

import java.util.Locale;
import java.util.Map;
import org.udevreactor.netlink.ListenerStats;
import org.udevreactor.reactor.daemon.PipelineCounters;
import org.udevreactor.reactor.daemon.QueueDepth;
import org.udevreactor.reactor.modules.LoadStatistics;

/**
 * The daemon's metrics in the Prometheus text exposition format (version 0.0.4): the same values
 * as {@code status --json}, with durations in seconds as Prometheus names them.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    public static String render(DaemonMetrics m, QueueDepth queue, int devices, double uptimeSeconds) {
        PrometheusText t = new PrometheusText();
        PipelineCounters c = m.counters();
        t.gauge("reactor_uptime_seconds", "Seconds since the daemon started.", uptimeSeconds);
        t.gauge("reactor_devices", "Devices in the registry.", devices);
        t.gauge("reactor_queue_waiting_events", "Events queued and not started.", queue.waiting());
        t.gauge("reactor_queue_running_events", "Events being handled.", queue.running());
        t.labelled("reactor_events_total", "counter", "Events handled, by action.", "action", m.events().byAction().snapshot());
        t.labelled("reactor_events_by_source_total", "counter", "Events handled, by source (kernel, coldplug, resync, trigger).",
                "source", m.events().bySource().snapshot());
        t.counter("reactor_events_acted_total", "Events whose handling loaded, bound or released (planned in a dry run).", c.acted());
        t.counter("reactor_events_failed_total", "Events whose handling failed.", c.failed());
        Map<String, Long> rejected = new java.util.TreeMap<>();
        long lost = 0;
        if (m.listener().isPresent()) {
            ListenerStats l = m.listener().get();
            l.rejected().forEach((reason, n) -> rejected.put(reason.name().toLowerCase(Locale.ROOT), n));
            lost = l.lost();
        }
        t.labelled("reactor_events_rejected_total", "counter", "Netlink datagrams dropped, by reason.", "reason", rejected);
        t.counter("reactor_events_lost_total", "Events the listener knows it lost (receive buffer overflow, SEQNUM gaps).", lost);
        t.histogram("reactor_event_duration_seconds", "From queued to handled, per event.", m.events().latency());
        t.counter("reactor_modalias_lookups_total", "MODALIAS lookups in the module index by the autoload.", m.modules().lookups());
        t.labelled("reactor_module_loads_total", "counter", "Module load results, by kind.", "result",
                m.modules().loadStatistics().map(LoadStatistics::results).orElse(Map.of()));
        t.counter("reactor_module_kernel_calls_total", "finit_module/init_module calls.",
                m.modules().loadStatistics().map(LoadStatistics::kernelCalls).orElse(0L));
        t.counterValue("reactor_module_kernel_seconds_total", "Time spent inside those calls.",
                m.modules().loadStatistics().map(LoadStatistics::kernelNanos).orElse(0L) / 1e9);
        t.histogram("reactor_module_load_duration_seconds", "Per autoload or rule load, dependencies included.",
                m.modules().loadLatency());
        t.labelled("reactor_binds_total", "counter", "Bind and release outcomes, by kind.", "result", m.binds().results().snapshot());
        t.labelled("reactor_bind_rollbacks_total", "counter", "Failed binds rolled back, by whether the rollback completed.",
                "rollback", m.binds().rollbacks().snapshot());
        t.histogram("reactor_bind_duration_seconds", "Per bind or release, module loads and verification included.",
                m.binds().latency());
        t.counter("reactor_resyncs_total", "Rescans of sysfs after lost events.", c.resyncs());
        t.counter("reactor_resync_recovered_devices_total", "Devices added or removed by those rescans.", c.recovered());
        return t.out.toString();
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void gauge(String name, String help, double value) {
        header(name, "gauge", help);
        sample(name, "", value);
    }

    private void counter(String name, String help, long value) {
        counterValue(name, help, value);
    }

    private void counterValue(String name, String help, double value) {
        header(name, "counter", help);
        sample(name, "", value);
    }

    private void labelled(String name, String type, String help, String label, Map<String, Long> values) {
        header(name, type, help);
        new java.util.TreeMap<>(values).forEach((k, v) -> sample(name, "{" + label + "=\"" + escape(k) + "\"}", v));
    }

    private void histogram(String name, String help, LatencyHistogram h) {
        header(name, "histogram", help);
        double[] bounds = LatencyHistogram.boundsMillis();
        long[] counts = h.cumulative();
        for (int i = 0; i < counts.length; i++) {
            String le = i < bounds.length ? MetricsJson.number(bounds[i] / 1000) : "+Inf";
            sample(name + "_bucket", "{le=\"" + le + "\"}", counts[i]);
        }
        sample(name + "_sum", "", h.sumMillis() / 1000);
        // The +Inf bucket, so _count never falls behind a bucket read a moment earlier.
        sample(name + "_count", "", counts[counts.length - 1]);
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(MetricsJson.number(value)).append('\n');
    }

    /** Label values escape backslash, double quote and newline. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
