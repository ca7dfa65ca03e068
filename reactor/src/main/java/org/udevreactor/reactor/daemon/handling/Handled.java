package org.udevreactor.reactor.daemon.handling;

import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.rules.Decision;

/**
 * One device event after handling, published on {@link org.udevreactor.reactor.daemon.bus.BusAddresses#HANDLED}
 * in a {@link org.udevreactor.reactor.daemon.bus.HandledBatch}.
 *
 * @param decision empty for removals and for devices gone before they could be read
 */
public record Handled(DeviceEvent event, Optional<Decision> decision, ActionResult result) {
    public Handled {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(result, "result");
    }
}
