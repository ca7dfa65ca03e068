package org.udevreactor.reactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.binding.BindOutcome;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.PipelineCounters;
import org.udevreactor.reactor.daemon.QueueDepth;
import org.udevreactor.reactor.daemon.handling.ActionResult;
import org.udevreactor.reactor.daemon.handling.Handled;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.pci.PciAddress;

class PrometheusTextTest {
    private final EventMetrics events = new EventMetrics(java.time.Clock.fixed(java.time.Instant.parse("2026-11-21T16:00:00Z"),
            java.time.ZoneOffset.UTC));
    private final BindMetrics binds = new BindMetrics();
    private final DaemonMetrics metrics = new DaemonMetrics(new PipelineCounters(), events, ModuleActions.off("test"), binds,
            Optional.empty());

    @Test
    void render_countersByLabel_histogramInSeconds_gauges() {
        events.record(new Handled(DeviceEvent.scanned(DeviceEvent.Source.COLDPLUG, UeventAction.ADD, "/devices/a", "pci"),
                Optional.empty(), ActionResult.done("loaded x")), 3_000_000);
        events.record(new Handled(DeviceEvent.scanned(DeviceEvent.Source.RESYNC, UeventAction.REMOVE, "/devices/b", "pci"),
                Optional.empty(), ActionResult.failed("failed: \"quoted\"")), 70_000_000);
        binds.record(new BindOutcome.Failed(PciAddress.parse("0000:00:03.0"), "unbind", "EBUSY", false, "left on vfio-pci",
                Duration.ofMillis(20)));

        String text = PrometheusText.render(metrics, new QueueDepth(2, 1), 7, 12.5);

        assertThat(text).contains(
                "# HELP reactor_uptime_seconds Seconds since the daemon started.\n# TYPE reactor_uptime_seconds gauge\nreactor_uptime_seconds 12.5\n",
                "reactor_devices 7\n", "reactor_queue_waiting_events 2\n", "reactor_queue_running_events 1\n",
                "reactor_events_total{action=\"add\"} 1\nreactor_events_total{action=\"remove\"} 1\n",
                "reactor_events_by_source_total{source=\"coldplug\"} 1\n",
                "reactor_event_duration_seconds_bucket{le=\"0.0005\"} 0\n",
                "reactor_event_duration_seconds_bucket{le=\"0.005\"} 1\n",
                "reactor_event_duration_seconds_bucket{le=\"0.1\"} 2\n",
                "reactor_event_duration_seconds_bucket{le=\"+Inf\"} 2\n",
                "reactor_event_duration_seconds_sum 0.073\n", "reactor_event_duration_seconds_count 2\n",
                "reactor_binds_total{result=\"failed\"} 1\n", "reactor_bind_rollbacks_total{rollback=\"incomplete\"} 1\n",
                "reactor_module_loads_total counter\n", "reactor_modalias_lookups_total 0\n");
        // Every sample line is NAME[{labels}] VALUE; no exponents.
        for (String line : text.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\"[^\"]*\"\\})? -?[0-9.]+|[a-z_]+\\{le=\"\\+Inf\"\\} [0-9]+");
        }
        assertThat(events.errors().list()).singleElement().satisfies(e -> {
            assertThat(e.device()).isEqualTo("/devices/b");
            assertThat(e.message()).isEqualTo("resync remove /devices/b (pci): failed: \"quoted\"");
        });
    }

    @Test
    void escape_labelValues() {
        assertThat(PrometheusText.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    @Test
    void bindKind_snakeCase() {
        assertThat(BindMetrics.kind(new BindOutcome.AlreadyBound(PciAddress.parse("0000:00:03.0"), "vfio-pci", "", Duration.ZERO)))
                .isEqualTo("already_bound");
    }
}
