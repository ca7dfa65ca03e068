package org.udevreactor.netlink;

import java.util.List;

/** Where a {@link UeventListener} delivers. Called on the listener's thread, in SEQNUM order. */
public interface UeventSink {

    /** Trusted, well-formed events, in arrival order; the list is not reused by the listener. */
    void onEvents(List<Uevent> batch);

    /** Events were lost; delivered between the batches before and after the loss. */
    void onLoss(EventLoss loss);

    /** The receive loop stopped because of an unexpected error; no more calls follow. */
    default void onFailure(Exception failure) {
    }
}
