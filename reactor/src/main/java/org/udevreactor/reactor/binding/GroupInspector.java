package org.udevreactor.reactor.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.sysfs.SysfsException;

/**
 * Reads the other members of a device's IOMMU group and judges each as the kernel's VFIO does
 * (drivers/vfio/group.c, vfio_dev_driver_allowed): a member keeps the group usable when it has no
 * driver, is held by a VFIO driver (it has {@code vfio-dev/}) or vfio-pci, sits on a stub
 * (pci-stub) or is a bridge or root port (class 0x0604, pcieport).
 */
final class GroupInspector {
    /** Drivers that leave a function harmless to the group without being VFIO drivers. */
    private static final Set<String> HARMLESS_DRIVERS = Set.of("pci-stub", "pcieport", "vfio-pci");

    /** One other member, with its attributes when it is a PCI function. */
    record Inspected(GroupMember member, Optional<PciFunction> function) {
    }

    private final PciSysfs pci;

    GroupInspector(PciSysfs pci) {
        this.pci = pci;
    }

    /** The other members; a member that disappears while it is read is left out (it no longer shares the group). */
    List<Inspected> otherMembers(PciFunction device) throws SysfsException {
        List<Inspected> members = new ArrayList<>();
        if (device.iommuGroup().isEmpty()) {
            return members;
        }
        for (String name : pci.iommuGroupMembers(device.iommuGroup().get())) {
            PciAddress address;
            try {
                address = PciAddress.parse(name);
            } catch (IllegalArgumentException e) {
                members.add(new Inspected(new GroupMember(name, Optional.empty(), "not a PCI function", Optional.empty(), false,
                        "not a PCI function: no PCI driver can make it safe"), Optional.empty()));
                continue;
            }
            if (address.equals(device.address())) {
                continue;
            }
            PciFunction member;
            try {
                member = pci.function(address);
            } catch (SysfsException e) {
                if (e.isGone()) {
                    continue;
                }
                throw e;
            }
            members.add(new Inspected(judge(member), Optional.of(member)));
        }
        return members;
    }

    static GroupMember judge(PciFunction member) {
        String name = member.address().toString();
        if (member.isBridge()) {
            return new GroupMember(name, Optional.of(member.address()), member.identity(), member.driver(), true, "a PCI bridge or root port");
        }
        if (member.driver().isEmpty()) {
            return new GroupMember(name, Optional.of(member.address()), member.identity(), member.driver(), true, "no driver");
        }
        String driver = member.driver().get();
        if (!member.vfioDevices().isEmpty()) {
            return new GroupMember(name, Optional.of(member.address()), member.identity(), member.driver(), true,
                    "held by VFIO driver " + driver);
        }
        boolean harmless = HARMLESS_DRIVERS.contains(driver);
        return new GroupMember(name, Optional.of(member.address()), member.identity(), member.driver(), harmless,
                harmless ? "on " + driver : "bound to host driver " + driver);
    }
}
