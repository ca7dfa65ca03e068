package org.udevreactor.reactor.daemon.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.rules.RuleRef;

/**
 * What the daemon knows about one present device, as of the last event it handled for it.
 *
 * @param parent     the devpath of the nearest ancestor in the registry (a partition's disk, a NIC's
 *                   PCI function); empty for a root of the tree
 * @param devtype    DEVTYPE, e.g. "disk", "partition", "usb_device"; empty when the device has none
 * @param driver     the driver bound when it was last read, or as the last kernel event said
 *                   (DRIVER=) when that event was decided without reading the device; empty when
 *                   unbound or not known
 * @param incarnation the inode number of its sysfs directory when it was last read (see
 *                   {@link org.udevreactor.reactor.sysfs.DeviceState#incarnation()}), or at its
 *                   "add" when the event was decided without reading it (other events keep the
 *                   one recorded); empty when not known
 * @param rule       the policy rule that decided; empty when none matched
 * @param lastAction the action of the last event handled
 * @param result     what handling it did or, in a dry run, would do, e.g. "loaded e1000e"
 * @param ok         false when that failed (a load or bind that did not work)
 */
public record DeviceRecord(String devpath, String subsystem, Optional<String> devtype, Optional<String> parent,
                           Optional<String> driver, OptionalLong incarnation, Optional<RuleRef> rule, UeventAction lastAction, String result,
                           boolean ok) {
    public DeviceRecord {
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(devtype, "devtype");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(lastAction, "lastAction");
        Objects.requireNonNull(result, "result");
    }

    /** The same device under a new devpath (renamed or moved: its sysfs directory, and so its incarnation, stay the same). */
    DeviceRecord at(String newDevpath) {
        return new DeviceRecord(newDevpath, subsystem, devtype, parent, driver, incarnation, rule, lastAction, result, ok);
    }

    DeviceRecord withParent(Optional<String> value) {
        return new DeviceRecord(devpath, subsystem, devtype, value, driver, incarnation, rule, lastAction, result, ok);
    }
}
