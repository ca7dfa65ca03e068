package org.udevreactor.reactor.daemon.bus;

import java.util.List;
import org.udevreactor.reactor.daemon.handling.Handled;

/**
 * Results of events handled, published together: the results the event loop took back from the
 * workers in one go (one bus message each time, not one per event), in the order they finished.
 */
public record HandledBatch(List<Handled> results) {
    public HandledBatch {
        results = List.copyOf(results);
    }
}
