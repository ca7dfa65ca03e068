package org.udevreactor.rules;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;

/**
 * The facts about one device that policy can match on, frozen at one moment. The daemon makes one
 * with {@link #fromUevent} and completes it from sysfs with the {@code with...} methods; tests
 * write them by hand.
 *
 * @param pci        empty for devices that are not PCI functions (then no PCI key matches)
 * @param modalias   the MODALIAS property; empty when the device has none
 * @param driver     the driver bound now; empty when unbound or not known
 * @param bootVga    the PCI {@code boot_vga} attribute; empty when the device has none (only VGA
 *                   devices do) or it was not read
 * @param properties the uevent's properties
 * @param attributes sysfs attributes read for this device, by name relative to the device's
 *                   directory, values without the trailing newline; only those the policy names
 *                   ({@link Policy#attributeNames()}) need to be read
 */
public record DeviceSnapshot(String subsystem, UeventAction action, String devpath, Optional<PciIdentity> pci,
                             Optional<String> modalias, Optional<String> driver, Optional<Boolean> bootVga,
                             Map<String, String> properties, Map<String, String> attributes) {

    public DeviceSnapshot {
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(pci, "pci");
        Objects.requireNonNull(modalias, "modalias");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(bootVga, "bootVga");
        // An event's own properties are immutable already: copying them cost every event a map.
        properties = Uevent.isEventProperties(properties) ? properties : Map.copyOf(properties);
        attributes = Map.copyOf(attributes);
    }

    /**
     * Everything a uevent tells: subsystem, action, devpath, properties, MODALIAS, the PCI
     * identity from the PCI_* properties, and the driver from DRIVER (which the kernel sends only
     * when a driver is bound: an "add" event of a new device has none yet).
     */
    public static DeviceSnapshot fromUevent(Uevent event) {
        return new DeviceSnapshot(event.subsystem(), event.action(), event.devpath(),
                PciIdentity.fromProperties(event.properties()), event.modalias(), event.property("DRIVER"),
                Optional.empty(), event.properties(), Map.of());
    }

    public DeviceSnapshot withDriver(Optional<String> current) {
        return new DeviceSnapshot(subsystem, action, devpath, pci, modalias, current, bootVga, properties, attributes);
    }

    public DeviceSnapshot withBootVga(boolean value) {
        return new DeviceSnapshot(subsystem, action, devpath, pci, modalias, driver, Optional.of(value), properties, attributes);
    }

    public DeviceSnapshot withAttributes(Map<String, String> values) {
        return new DeviceSnapshot(subsystem, action, devpath, pci, modalias, driver, bootVga, properties, values);
    }

    public DeviceSnapshot withAction(UeventAction value) {
        return new DeviceSnapshot(subsystem, value, devpath, pci, modalias, driver, bootVga, properties, attributes);
    }
}
