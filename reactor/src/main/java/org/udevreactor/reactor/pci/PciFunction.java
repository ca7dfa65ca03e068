package org.udevreactor.reactor.pci;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the kernel shows of one PCI function in sysfs at one moment.
 *
 * @param classCode      {@code 0xCCSSPP} from the {@code class} file
 * @param modalias       the {@code modalias} file
 * @param driver         the {@code driver} link's name; empty when unbound
 * @param driverOverride the {@code driver_override} file; empty when it reads "(null)"
 * @param iommuGroup     the {@code iommu_group} link's name (a number); empty without an IOMMU
 * @param bootVga        the {@code boot_vga} file says 1 (the firmware's console)
 * @param vfioDevices    the entries of {@code vfio-dev/} ({@code vfio0}): present while a VFIO
 *                       driver holds the function
 * @param sriovTotalVfs  {@code sriov_totalvfs}: present on an SR-IOV physical function only
 * @param sriovNumVfs    {@code sriov_numvfs}
 * @param sriovDriversAutoprobe {@code sriov_drivers_autoprobe}
 */
public record PciFunction(PciAddress address, int vendor, int device, int classCode, String modalias,
                          Optional<String> driver, Optional<String> driverOverride, Optional<String> iommuGroup,
                          boolean bootVga, List<String> vfioDevices, OptionalInt sriovTotalVfs, OptionalInt sriovNumVfs,
                          Optional<Boolean> sriovDriversAutoprobe) {

    /** PCI class 0x0604: a PCI-to-PCI bridge, which PCIe root and downstream ports are. */
    public static final int CLASS_BRIDGE_PCI = 0x0604;

    public PciFunction {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(modalias, "modalias");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(driverOverride, "driverOverride");
        Objects.requireNonNull(iommuGroup, "iommuGroup");
        vfioDevices = List.copyOf(vfioDevices);
        Objects.requireNonNull(sriovTotalVfs, "sriovTotalVfs");
        Objects.requireNonNull(sriovNumVfs, "sriovNumVfs");
        Objects.requireNonNull(sriovDriversAutoprobe, "sriovDriversAutoprobe");
    }

    public boolean isBridge() {
        return classCode >> 8 == CLASS_BRIDGE_PCI;
    }

    public boolean isSriovPhysicalFunction() {
        return sriovTotalVfs.isPresent();
    }

    /** The same function with who holds it (driver, {@code driver_override}, {@code vfio-dev/}) as read later. */
    public PciFunction withBinding(PciBinding binding) {
        return new PciFunction(address, vendor, device, classCode, modalias, binding.driver(), binding.driverOverride(), iommuGroup,
                bootVga, binding.vfioDevices(), sriovTotalVfs, sriovNumVfs, sriovDriversAutoprobe);
    }

    /** "8086:10d3, class 0x020000" */
    public String identity() {
        return String.format("%04x:%04x, class 0x%06x", vendor, device, classCode);
    }
}
