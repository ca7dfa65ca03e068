package org.udevreactor.reactor.pci;

import org.udevreactor.reactor.sysfs.SysfsWrite;

/** The sysfs writes that bind and release PCI functions (Documentation/ABI/testing/sysfs-bus-pci). */
public final class PciWrites {
    private PciWrites() {
    }

    /** Only {@code driver} may bind the function from now on (whatever its id table says). */
    public static SysfsWrite setOverride(PciAddress address, String driver, String why) {
        return new SysfsWrite(device(address, "driver_override"), driver, why);
    }

    /** Back to matching by id tables; the kernel clears the override on a lone newline. */
    public static SysfsWrite clearOverride(PciAddress address, String why) {
        return new SysfsWrite(device(address, "driver_override"), "\n", why);
    }

    /** Through the driver's own directory, so a function that changed driver meanwhile fails (ENODEV) rather than being unbound from someone else. */
    public static SysfsWrite unbind(PciAddress address, String driver, String why) {
        return new SysfsWrite("/bus/pci/drivers/" + driver + "/unbind", address.toString(), why);
    }

    /** Probe an unbound function now: its override driver, else the first driver whose id table matches. */
    public static SysfsWrite probe(PciAddress address, String why) {
        return new SysfsWrite("/bus/pci/drivers_probe", address.toString(), why);
    }

    public static SysfsWrite sriovDriversAutoprobe(PciAddress address, boolean on, String why) {
        return new SysfsWrite(device(address, "sriov_drivers_autoprobe"), on ? "1" : "0", why);
    }

    public static SysfsWrite sriovNumvfs(PciAddress address, int count, String why) {
        return new SysfsWrite(device(address, "sriov_numvfs"), Integer.toString(count), why);
    }

    private static String device(PciAddress address, String attribute) {
        return "/bus/pci/devices/" + address + "/" + attribute;
    }
}
