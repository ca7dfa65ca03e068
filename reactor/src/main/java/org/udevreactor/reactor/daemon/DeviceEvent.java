package org.udevreactor.reactor.daemon;

import java.util.Objects;
import java.util.Optional;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;

/**
 * One thing that happened to a device, as the daemon handles it: a kernel uevent, or an event the
 * daemon made up from a sysfs scan (coldplug at start, resync after lost events), which has no
 * SEQNUM and no properties (they are read from sysfs when it is handled).
 *
 * @param uevent        empty for events made up from a scan
 * @param receivedNanos when the daemon got it ({@link System#nanoTime()}, CLOCK_MONOTONIC on
 *                      Linux, the scale of the kernel's trace clock "mono"): as the listener
 *                      handed it over, or as the scan found it; for the handling times logged
 */
public record DeviceEvent(Source source, UeventAction action, String devpath, String subsystem, Optional<Uevent> uevent,
                          long receivedNanos) {

    /** Where an event came from. */
    public enum Source {
        /** Received from the kernel over netlink. */
        KERNEL,
        /** Found in sysfs at start: handled as "add", nothing is written to sysfs. */
        COLDPLUG,
        /** Found (add) or missed (remove) by the rescan after the listener lost events. */
        RESYNC,
        /** Found (add) or missed (remove) by a rescan asked for over the control socket (reactor trigger). */
        TRIGGER;

        /** Made once: the metrics count every event by it. */
        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        @Override
        public String toString() {
            return label;
        }
    }

    public DeviceEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(uevent, "uevent");
    }

    public static DeviceEvent of(Uevent event) {
        return new DeviceEvent(Source.KERNEL, event.action(), event.devpath(), event.subsystem(), Optional.of(event), System.nanoTime());
    }

    public static DeviceEvent scanned(Source source, UeventAction action, String devpath, String subsystem) {
        return new DeviceEvent(source, action, devpath, subsystem, Optional.empty(), System.nanoTime());
    }

    /** For logs: "add /devices/... (pci) #1234", or "coldplug add /devices/... (pci)". */
    @Override
    public String toString() {
        return uevent.map(Uevent::toString).orElse(source + " " + action + " " + devpath + " (" + subsystem + ")");
    }
}
