package org.udevreactor.reactor.pci;

import java.util.List;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/**
 * The kernel's PCI surface in sysfs that binding uses, and nothing else: reads of one function,
 * its IOMMU group, the drivers, and writes of single attributes. {@link LinuxPciSysfs} reads and
 * writes the files under a {@link org.udevreactor.reactor.sysfs.SysfsRoot}; tests use a fake bus
 * that models the kernel's rules. Every call reads the kernel anew.
 *
 * <p>Failures carry the kernel's errno; {@link SysfsException#isGone()} says the device (or
 * driver) is not there (any more).
 */
public interface PciSysfs {

    /** The function's attributes now; gone (ENODEV) when it is not on the bus. */
    PciFunction function(PciAddress address) throws SysfsException;

    /**
     * The function's attributes but who holds it: its driver, {@code driver_override} and
     * {@code vfio-dev/} are not read (empty in the result) until {@link #binding} is. Reading
     * {@code driver_override} takes the device's lock, which a driver's probe holds for as long as
     * it runs (e1000e's, right after a hot add: 120–160 ms under emulation); a plan reads this
     * first, does the rest of its reads and work during such a probe, and reads the binding last,
     * as fresh as it can be before the writes.
     */
    default PciFunction functionWithoutBinding(PciAddress address) throws SysfsException {
        return function(address).withBinding(new PciBinding(java.util.Optional.empty(), java.util.Optional.empty(), List.of()));
    }

    /**
     * The function's driver, {@code driver_override} and {@code vfio-dev/} now; gone (ENODEV) when
     * it is not on the bus. Verification polls this: an implementation may read only those.
     */
    default PciBinding binding(PciAddress address) throws SysfsException {
        return PciBinding.of(function(address));
    }

    /** The names in {@code /sys/kernel/iommu_groups/GROUP/devices/} (PCI addresses on x86). */
    List<String> iommuGroupMembers(String group) throws SysfsException;

    /** {@code /sys/bus/pci/drivers/NAME} exists: the driver is registered and can be probed. */
    boolean driverRegistered(String driver);

    /**
     * The PCI drivers a loaded module registers ({@code /sys/module/MODULE/drivers/pci:NAME});
     * empty when the module is not loaded or registers none. The module name is as the kernel
     * spells it in /sys/module (underscores).
     */
    List<String> moduleDrivers(String module) throws SysfsException;

    /** Block and network devices below the function, and the block devices holding those (dm, md). */
    List<ChildDevice> children(PciAddress address) throws SysfsException;

    /** Writes {@link SysfsWrite#value()} to {@link SysfsWrite#path()} in one write(2). */
    void write(SysfsWrite write) throws SysfsException;
}
