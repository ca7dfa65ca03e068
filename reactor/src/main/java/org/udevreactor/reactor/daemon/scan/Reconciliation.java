package org.udevreactor.reactor.daemon.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.sysfs.DeviceState;

/**
 * What a rescan after lost events means for the registry, as the events the kernel would have
 * sent: devices present but unknown are handled as "add", devices known but no longer present as
 * "remove" (children before parents). Of the devices present in both:
 * <ul>
 * <li>one whose sysfs directory is another than the one recorded (removed and added again at the
 * same devpath) is handled as "remove" and then "add", with every device below it (the kernel
 * removes the children with their parent);</li>
 * <li>one on another driver than recorded as "bind" (it has one now) or "unbind" (it has none),
 * the events the kernel sends for a driver change.</li>
 * </ul>
 * Other changes (a loop device attached to another file, new media) are not noticed: nothing
 * recorded says what the device's properties were.
 *
 * @param added     "add" events, parents first
 * @param removed   "remove" events, deepest first
 * @param rebound   "bind" and "unbind" events
 * @param recreated the devpaths found re-created, each also in added and removed
 */
public record Reconciliation(List<DeviceEvent> added, List<DeviceEvent> removed, List<DeviceEvent> rebound,
                             Set<String> recreated) {
    public Reconciliation {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        rebound = List.copyOf(rebound);
        recreated = Set.copyOf(recreated);
    }

    /**
     * @param known   every registered device, by devpath
     * @param present what a fresh scan found, parents first
     * @param now     the state read now of present devices that were registered; a device without
     *                one is compared by devpath only
     */
    public static Reconciliation of(Map<String, DeviceRecord> known, List<ScannedDevice> present, Map<String, DeviceState> now) {
        Set<String> recreated = new HashSet<>();
        for (ScannedDevice d : present) {
            DeviceRecord record = known.get(d.devpath());
            DeviceState state = now.get(d.devpath());
            if (record != null && (belowAny(d.devpath(), recreated) || otherIncarnation(record, state))) {
                recreated.add(d.devpath());
            }
        }
        Set<String> presentPaths = new HashSet<>();
        List<DeviceEvent> added = new ArrayList<>();
        List<DeviceEvent> rebound = new ArrayList<>();
        for (ScannedDevice d : present) {
            presentPaths.add(d.devpath());
            DeviceRecord record = known.get(d.devpath());
            DeviceState state = now.get(d.devpath());
            if (record == null || recreated.contains(d.devpath())) {
                added.add(event(UeventAction.ADD, d.devpath(), d.subsystem()));
            } else if (state != null && !state.driver().equals(record.driver())) {
                rebound.add(event(state.driver().isPresent() ? UeventAction.BIND : UeventAction.UNBIND, d.devpath(), d.subsystem()));
            }
        }
        List<DeviceEvent> removed = new ArrayList<>();
        known.forEach((devpath, record) -> {
            if (!presentPaths.contains(devpath) || recreated.contains(devpath)) {
                removed.add(event(UeventAction.REMOVE, devpath, record.subsystem()));
            }
        });
        // Deeper paths first; among equals, reverse name order, so a child always precedes its parent.
        removed.sort(Comparator.comparingLong((DeviceEvent e) -> e.devpath().chars().filter(c -> c == '/').count())
                .reversed().thenComparing(DeviceEvent::devpath, Comparator.reverseOrder()));
        return new Reconciliation(added, removed, rebound, recreated);
    }

    /** Recorded from another directory than the one there now; unknown on either side is not a difference. */
    private static boolean otherIncarnation(DeviceRecord record, DeviceState state) {
        return state != null && record.incarnation().isPresent() && record.incarnation().getAsLong() != state.incarnation();
    }

    private static boolean belowAny(String devpath, Set<String> ancestors) {
        for (int slash = devpath.lastIndexOf('/'); slash > 0 && !ancestors.isEmpty(); slash = devpath.lastIndexOf('/', slash - 1)) {
            if (ancestors.contains(devpath.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static DeviceEvent event(UeventAction action, String devpath, String subsystem) {
        return DeviceEvent.scanned(DeviceEvent.Source.RESYNC, action, devpath, subsystem);
    }

    /** Events queued: each re-created device counts twice (its remove and its add). */
    public int size() {
        return added.size() + removed.size() + rebound.size();
    }

    /** Removals first (a device re-created at the same devpath must lose its old record first), then additions, then driver changes. */
    public List<DeviceEvent> events() {
        List<DeviceEvent> all = new ArrayList<>(removed);
        all.addAll(added);
        all.addAll(rebound);
        return all;
    }
}
