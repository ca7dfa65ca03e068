package org.udevreactor.reactor.metrics;

import java.time.Clock;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.handling.Handled;

/**
 * Events the daemon handled: by action and by source, how long each took from being queued to
 * handled (waiting for a related device included), and the last failures with their device.
 */
public final class EventMetrics {
    /** How many failures {@code status} keeps. */
    public static final int RECENT_ERRORS = 20;

    private final Counts byAction = new Counts();
    private final Counts bySource = new Counts();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final RecentErrors errors = new RecentErrors(RECENT_ERRORS);
    private final Clock clock;

    public EventMetrics(Clock clock) {
        this.clock = clock;
    }

    /** One handled event; {@code nanos} from being queued until the handler returned. */
    public void record(Handled handled, long nanos) {
        DeviceEvent event = handled.event();
        byAction.increment(event.action().toString());
        bySource.increment(event.source().toString());
        latency.record(nanos);
        if (!handled.result().ok()) {
            errors.add(new RecentErrors.Entry(clock.instant(), event.devpath(), event + ": " + handled.result().summary()));
        }
    }

    public Counts byAction() {
        return byAction;
    }

    public Counts bySource() {
        return bySource;
    }

    public LatencyHistogram latency() {
        return latency;
    }

    public RecentErrors errors() {
        return errors;
    }
}
