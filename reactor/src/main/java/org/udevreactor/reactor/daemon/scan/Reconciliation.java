package org.udevreactor.reactor.daemon.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;

/**
 * What a rescan after lost events means for the registry: devices present but unknown are
 * handled as "add", devices known but no longer present as "remove" (children before parents, as
 * the kernel would have sent them). Devices present in both may have changed unseen; their
 * "change" events are not made up, as nothing says what changed.
 *
 * @param added   "add" events, parents first
 * @param removed "remove" events, deepest first
 */
public record Reconciliation(List<DeviceEvent> added, List<DeviceEvent> removed) {
    public Reconciliation {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /**
     * @param known   devpath to subsystem of every registered device
     * @param present what a fresh scan found
     */
    public static Reconciliation of(Map<String, String> known, List<ScannedDevice> present) {
        Set<String> presentPaths = new HashSet<>();
        List<DeviceEvent> added = new ArrayList<>();
        for (ScannedDevice d : present) {
            presentPaths.add(d.devpath());
            if (!known.containsKey(d.devpath())) {
                added.add(DeviceEvent.scanned(DeviceEvent.Source.RESYNC, UeventAction.ADD, d.devpath(), d.subsystem()));
            }
        }
        List<DeviceEvent> removed = new ArrayList<>();
        known.forEach((devpath, subsystem) -> {
            if (!presentPaths.contains(devpath)) {
                removed.add(DeviceEvent.scanned(DeviceEvent.Source.RESYNC, UeventAction.REMOVE, devpath, subsystem));
            }
        });
        // Deeper paths first; among equals, reverse name order, so a child always precedes its parent.
        removed.sort(Comparator.comparingLong((DeviceEvent e) -> e.devpath().chars().filter(c -> c == '/').count())
                .reversed().thenComparing(DeviceEvent::devpath, Comparator.reverseOrder()));
        return new Reconciliation(added, removed);
    }

    public int size() {
        return added.size() + removed.size();
    }

    /** Removals first (a device re-created at the same devpath must lose its old record first), then additions. */
    public List<DeviceEvent> events() {
        List<DeviceEvent> all = new ArrayList<>(removed);
        all.addAll(added);
        return all;
    }
}
