package org.udevreactor.reactor.metrics;

import java.util.Objects;
import java.util.Optional;
import org.udevreactor.netlink.ListenerStats;
import org.udevreactor.reactor.daemon.PipelineCounters;
import org.udevreactor.reactor.daemon.handling.ModuleActions;

/**
 * Where each of the daemon's counters lives, gathered for {@code status} and the Prometheus text;
 * the values are read when they are rendered.
 *
 * @param listener the netlink listener's counters (received, rejected by reason, lost); empty before it opened
 */
public record DaemonMetrics(PipelineCounters counters, EventMetrics events, ModuleActions modules, BindMetrics binds,
                            Optional<ListenerStats> listener) {
    public DaemonMetrics {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(modules, "modules");
        Objects.requireNonNull(binds, "binds");
        Objects.requireNonNull(listener, "listener");
    }
}
