package org.udevreactor.reactor.binding;

import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.pci.PciAddress;

/**
 * Another function in the device's IOMMU group, and whether it keeps the group usable by VFIO.
 *
 * @param identity "8086:2922, class 0x010601"; "not a PCI function" for other members
 * @param why      e.g. "bound to ahci", "a PCI bridge", "no driver"
 */
public record GroupMember(String name, Optional<PciAddress> address, String identity, Optional<String> driver, boolean viable,
                          String why) {
    public GroupMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(why, "why");
    }

    @Override
    public String toString() {
        return name + " (" + identity + "): " + (viable ? "viable, " : "NOT viable, ") + why;
    }
}
