package org.udevreactor.reactor.daemon.handling;

import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;

/**
 * Carries out (or, in a dry run, plans) a {@link Decision.Bind} or {@link Decision.Release} for a
 * PCI device. Blocking: it waits for driver probes, so it runs on a worker, never an event loop.
 */
public interface Binding {
    ActionResult apply(DeviceSnapshot device, Decision decision) throws InterruptedException;
}
