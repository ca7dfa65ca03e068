package org.udevreactor.reactor.daemon.registry;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The present devices and what was last done with each, by devpath; the device tree through
 * parent links. Thread-safe: workers record results concurrently; readers get consistent copies.
 * A device's events are never handled concurrently (the event queue sees to that), so records of
 * one devpath are not raced.
 */
public final class DeviceRegistry {
    private final ConcurrentSkipListMap<String, DeviceRecord> devices = new ConcurrentSkipListMap<>();

    /** Records a device's state; its parent is the nearest registered ancestor devpath. */
    public void put(DeviceRecord record) {
        devices.put(record.devpath(), record.withParent(nearestAncestor(record.devpath())));
    }

    /**
     * Forgets a device and everything below it: the kernel removes children first, but after lost
     * events a rescan may find only the parent gone.
     *
     * @return the records removed
     */
    public List<DeviceRecord> remove(String devpath) {
        List<DeviceRecord> removed = new java.util.ArrayList<>();
        DeviceRecord self = devices.remove(devpath);
        if (self != null) {
            removed.add(self);
        }
        NavigableMap<String, DeviceRecord> below = devices.subMap(devpath + "/", true, devpath + "0", false);
        removed.addAll(below.values());
        below.clear();
        return removed;
    }

    /**
     * A device renamed or moved (a "move" event): its record and everything below it are now
     * under {@code to}, as the kernel moved the whole sysfs subtree, which sends no event for
     * the devices below. Nothing is recorded when {@code from} was not known.
     *
     * @return how many records moved
     */
    public int move(String from, String to) {
        List<DeviceRecord> moved = remove(from);
        // Shallowest first, so each finds its moved parent already in place.
        moved.sort(java.util.Comparator.comparing(DeviceRecord::devpath));
        for (DeviceRecord record : moved) {
            put(record.at(to + record.devpath().substring(from.length())));
        }
        return moved.size();
    }

    public Optional<DeviceRecord> get(String devpath) {
        return Optional.ofNullable(devices.get(devpath));
    }

    public boolean contains(String devpath) {
        return devices.containsKey(devpath);
    }

    public int size() {
        return devices.size();
    }

    /** Every registered devpath, sorted, as of now. */
    public Set<String> devpaths() {
        return Set.copyOf(devices.keySet());
    }

    /** A sorted copy of the whole registry. */
    public NavigableMap<String, DeviceRecord> snapshot() {
        return new TreeMap<>(devices);
    }

    /** How many devices of each subsystem, sorted by subsystem: for the "ready" line. */
    public Map<String, Integer> countBySubsystem() {
        Map<String, Integer> counts = new TreeMap<>();
        devices.values().forEach(r -> counts.merge(r.subsystem().isEmpty() ? "(none)" : r.subsystem(), 1, Integer::sum));
        return counts;
    }

    /** The direct children of a device, sorted by devpath. */
    public List<DeviceRecord> children(String devpath) {
        return devices.subMap(devpath + "/", true, devpath + "0", false).values().stream()
                .filter(r -> r.parent().equals(Optional.of(devpath)))
                .toList();
    }

    private Optional<String> nearestAncestor(String devpath) {
        for (int slash = devpath.lastIndexOf('/'); slash > 0; slash = devpath.lastIndexOf('/', slash - 1)) {
            String candidate = devpath.substring(0, slash);
            if (devices.containsKey(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
