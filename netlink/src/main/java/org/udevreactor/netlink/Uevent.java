package org.udevreactor.netlink;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One device event as the kernel (or udev) announced it.
 *
 * @param action     what happened
 * @param devpath    the device's path below /sys, starting with "/devices/"... (always starts with '/')
 * @param subsystem  the SUBSYSTEM property
 * @param seqnum     the kernel's SEQNUM: strictly increasing across all kernel events since boot
 * @param properties every KEY=VALUE pair in arrival order, including ACTION, DEVPATH, SUBSYSTEM and SEQNUM;
 *                   a value may itself contain '=' (only the first '=' separates key from value)
 * @param origin     which wire format it came in
 */
public record Uevent(UeventAction action, String devpath, String subsystem, long seqnum,
                     Map<String, String> properties, UeventOrigin origin) {

    public Uevent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(origin, "origin");
        properties = FrozenProperties.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    /**
     * Whether {@code map} is the {@link #properties()} of an event: those can be kept as they are,
     * no one can change them, so a holder need not copy them.
     */
    public static boolean isEventProperties(Map<String, String> map) {
        return map instanceof FrozenProperties;
    }

    /** A property's value, empty when the event does not carry it. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** DEVTYPE (e.g. "disk", "partition", "usb_device"), empty when the device has none. */
    public Optional<String> devtype() {
        return property("DEVTYPE");
    }

    /** MODALIAS, the string the module index matches against; empty for most non-bus devices. */
    public Optional<String> modalias() {
        return property("MODALIAS");
    }

    /** Short form for logs: "add /devices/pci0000:00/0000:00:02.0 (pci) #1234". */
    @Override
    public String toString() {
        return action + " " + devpath + " (" + subsystem + ") #" + seqnum;
    }
}
