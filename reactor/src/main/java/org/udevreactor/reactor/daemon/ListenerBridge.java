package org.udevreactor.reactor.daemon;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventSink;
import org.udevreactor.reactor.daemon.bus.BusAddresses;
import org.udevreactor.reactor.daemon.bus.EventBatch;

/**
 * The netlink listener's sink: runs on the listener's own thread and does nothing there but hand
 * each received batch (and each loss report) to the event bus, as one message.
 */
public final class ListenerBridge implements UeventSink {
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final EventBus bus;
    private final Consumer<Exception> onFailure;

    /** @param onFailure called once if the listener stops on an unexpected error (the socket is unusable) */
    public ListenerBridge(EventBus bus, Consumer<Exception> onFailure) {
        this.bus = bus;
        this.onFailure = onFailure;
    }

    @Override
    public void onEvents(List<Uevent> batch) {
        List<DeviceEvent> events = new ArrayList<>(batch.size());
        for (Uevent e : batch) {
            events.add(DeviceEvent.of(e));
        }
        bus.send(BusAddresses.EVENTS, new EventBatch(events), LOCAL);
    }

    @Override
    public void onLoss(EventLoss loss) {
        bus.send(BusAddresses.LOSS, loss, LOCAL);
    }

    @Override
    public void onFailure(Exception failure) {
        onFailure.accept(failure);
    }
}
