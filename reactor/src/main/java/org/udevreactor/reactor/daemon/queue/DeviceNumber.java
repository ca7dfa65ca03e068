package org.udevreactor.reactor.daemon.queue;

import org.udevreactor.netlink.Uevent;

/**
 * A device node's number as a kernel event states it (MAJOR, MINOR), with whether it is a block
 * or a character device: 8:0 the disk and 8:0 a character device are different devices, as
 * udevd counts them.
 */
record DeviceNumber(boolean block, int major, int minor) {

    /**
     * The event's device number; null when it has none, when MAJOR is 0 (udevd ignores those:
     * major 0 is the "unnamed" devices') or when MAJOR/MINOR are not decimal numbers (only
     * userspace can send such an event; it is then ordered by its devpath alone).
     */
    static DeviceNumber of(Uevent event) {
        String major = event.properties().get("MAJOR");
        String minor = event.properties().get("MINOR");
        if (major == null || minor == null) {
            return null;
        }
        int ma = unsigned(major);
        int mi = unsigned(minor);
        if (ma <= 0 || mi < 0) {
            return null;
        }
        return new DeviceNumber(event.subsystem().equals("block"), ma, mi);
    }

    /** The value of a non-negative decimal property, or -1 when it is not one that fits an int. */
    static int unsigned(String value) {
        try {
            return Math.max(-1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            // Only userspace can send such an event; it is then ordered by its devpath alone.
            return -1;
        }
    }

    @Override
    public String toString() {
        return (block ? "b" : "c") + major + ":" + minor;
    }
}
