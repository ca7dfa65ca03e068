package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestExtension;
import org.udevreactor.testfixtures.vm.GuestSpec;

/**
 * Scenario 2: the raw kernel facts that module loading and VFIO binding rely on, read from a
 * real Debian kernel with QEMU's devices. If one of these changes, the later scenarios would
 * fail for reasons outside the project: this class says which fact moved.
 */
// Per test; the boot in beforeAll has its own limits. TCG on shared cores is slow, so generous.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KernelFactsIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    @Test
    void eduDevice_modalias_namesEduIdsAndUnclassifiedClass() throws IOException {
        String modalias = VM.guest().read(PciDevices.sysfsPath(PciDevices.find(VM.guest(), PciDevices.EDU)) + "/modalias")
                .strip();

        assertThat(modalias).matches("pci:v00001234d000011E8sv[0-9A-F]{8}sd[0-9A-F]{8}bc00scFFi00");
    }

    @Test
    void modprobeResolve_vfioAliasOfEdu_findsTestVariantBesidePlainVfioPci() throws IOException {
        Guest guest = VM.guest();
        String modalias = guest.read(PciDevices.sysfsPath(PciDevices.find(guest, PciDevices.EDU)) + "/modalias").strip();

        List<String> modules = guest.runOk("modprobe -R " + "vfio_" + modalias).lines().map(String::strip).toList();

        assertThat(modules).containsExactlyInAnyOrder("edu_vfio_pci", "vfio_pci");
    }

    @Test
    void modprobe_vfioPci_loadsWithDependenciesAndRegistersDriver() throws IOException {
        Guest guest = VM.guest();

        guest.runOk("modprobe vfio-pci");

        assertThat(guest.runOk("for m in vfio vfio_iommu_type1 vfio_pci_core vfio_pci; do"
                + " [ -d /sys/module/$m ] && echo $m; done").lines().toList())
                .containsExactly("vfio", "vfio_iommu_type1", "vfio_pci_core", "vfio_pci");
        assertThat(guest.run("[ -d /sys/bus/pci/drivers/vfio-pci ] && [ -c /dev/vfio/vfio ]").succeeded())
                .as("vfio-pci registered as a PCI driver and /dev/vfio/vfio exists").isTrue();
    }

    @Test
    void eduDevice_driverOverrideAndDriversProbe_bindsTestVariantWithVfioDevNode() throws IOException {
        Guest guest = VM.guest();
        String bdf = PciDevices.find(guest, PciDevices.EDU);
        String dev = PciDevices.sysfsPath(bdf);

        guest.runOk("modprobe edu_vfio_pci\n"
                + "echo edu_vfio_pci > " + dev + "/driver_override\n"
                + "echo " + bdf + " > /sys/bus/pci/drivers_probe");

        assertThat(guest.runOk("basename \"$(readlink " + dev + "/driver)\"").strip()).isEqualTo("edu_vfio_pci");
        assertThat(guest.runOk("ls " + dev + "/vfio-dev").strip()).matches("vfio\\d+");
        String group = guest.runOk("basename \"$(readlink " + dev + "/iommu_group)\"").strip();
        assertThat(group).matches("\\d+");
        assertThat(guest.run("[ -c /dev/vfio/" + group + " ]").succeeded())
                .as("/dev/vfio/%s, the edu device's group node, exists", group).isTrue();
    }

    @Test
    void iommuGroups_afterBoot_holdEveryPciDevice() throws IOException {
        Guest guest = VM.guest();

        List<String> ungrouped = guest.runOk("for d in /sys/bus/pci/devices/*; do"
                + " [ -e $d/iommu_group ] || echo ${d##*/}; done").lines().toList();
        int groups = Integer.parseInt(guest.runOk("ls /sys/kernel/iommu_groups | wc -l").strip());

        assertThat(ungrouped).as("PCI devices without an IOMMU group").isEmpty();
        assertThat(groups).isGreaterThan(1);
    }
}
