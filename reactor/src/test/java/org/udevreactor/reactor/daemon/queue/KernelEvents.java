package org.udevreactor.reactor.daemon.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;
import org.udevreactor.reactor.daemon.DeviceEvent;

/** Kernel events as the queue gets them, with the properties that order them, and a record of what started. */
final class KernelEvents {
    private long seqnum = 1000;
    final List<QueuedEvent> started = new ArrayList<>();

    EventQueue queue(int workers) {
        return new EventQueue(workers, started::add);
    }

    /** A kernel event with the next SEQNUM; {@code keyValues} alternate key and value, e.g. "MAJOR", "259". */
    DeviceEvent event(UeventAction action, String devpath, String subsystem, String... keyValues) {
        long number = ++seqnum;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ACTION", action.wireName());
        properties.put("DEVPATH", devpath);
        properties.put("SUBSYSTEM", subsystem);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        properties.put("SEQNUM", Long.toString(number));
        return DeviceEvent.of(new Uevent(action, devpath, subsystem, number, properties, UeventOrigin.KERNEL));
    }

    /** "action devpath" of each started event, in the order they started. */
    List<String> startedEvents() {
        return started.stream().map(q -> q.event().action() + " " + q.event().devpath()).toList();
    }

    /** The started event for this action and devpath. */
    QueuedEvent startedFor(UeventAction action, String devpath) {
        return started.stream().filter(q -> q.event().action() == action && q.event().devpath().equals(devpath)).findFirst()
                .orElseThrow(() -> new AssertionError(action + " " + devpath + " has not started; started: " + startedEvents()));
    }
}
