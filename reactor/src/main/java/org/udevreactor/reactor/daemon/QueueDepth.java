package org.udevreactor.reactor.daemon;

/**
 * The event queue at one moment.
 *
 * @param waiting events queued but not started (behind a related device's event, or no worker free)
 * @param running events being handled on workers
 */
public record QueueDepth(int waiting, int running) {
}
