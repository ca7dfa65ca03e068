package org.udevreactor.reactor.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsTree;

/** The file-level PCI sysfs over a fake tree: what each attribute reads as, and where writes go. */
class LinuxPciSysfsTest {
    @TempDir
    Path root;

    private LinuxPciSysfs pci;

    @BeforeEach
    void tree() {
        SysfsTree.buildFromResource(root, LinuxPciSysfsTest.class, "storage-and-nic.tree");
        pci = new LinuxPciSysfs(new SysfsRoot(root));
    }

    @Test
    void function_boundController_readsIdsDriverGroupAndNoOverride() throws Exception {
        PciFunction ahci = pci.function(PciAddress.parse("0000:00:1f.2"));

        assertThat(ahci.vendor()).isEqualTo(0x8086);
        assertThat(ahci.classCode()).isEqualTo(0x010601);
        assertThat(ahci.driver()).contains("ahci");
        assertThat(ahci.driverOverride()).isEmpty();
        assertThat(ahci.iommuGroup()).contains("5");
        assertThat(ahci.vfioDevices()).isEmpty();
        assertThat(ahci.sriovTotalVfs()).isEmpty();
        assertThat(ahci.bootVga()).isFalse();
    }

    @Test
    void function_vfioBoundNic_readsOverrideAndVfioDev() throws Exception {
        PciFunction nic = pci.function(PciAddress.parse("0000:00:02.0"));

        assertThat(nic.driverOverride()).contains("vfio-pci");
        assertThat(nic.vfioDevices()).containsExactly("vfio0");
        assertThat(nic.iommuGroup()).isEmpty();
    }

    @Test
    void function_physicalFunction_readsSriovAttributes() throws Exception {
        PciFunction pf = pci.function(PciAddress.parse("0000:03:00.0"));

        assertThat(pf.sriovTotalVfs()).isEqualTo(OptionalInt.of(64));
        assertThat(pf.sriovNumVfs()).isEqualTo(OptionalInt.of(0));
        assertThat(pf.sriovDriversAutoprobe()).isEqualTo(Optional.of(true));
        assertThat(pf.driver()).isEmpty();
    }

    @Test
    void binding_readsDriverOverrideAndVfioDevAsTheFullReadDoes() throws Exception {
        for (String address : new String[] {"0000:00:1f.2", "0000:00:02.0", "0000:03:00.0"}) {
            PciAddress a = PciAddress.parse(address);

            assertThat(pci.binding(a)).isEqualTo(PciBinding.of(pci.function(a)));
        }
        assertThat(pci.binding(PciAddress.parse("0000:00:02.0"))).isEqualTo(
                new PciBinding(Optional.of("vfio-pci"), Optional.of("vfio-pci"), java.util.List.of("vfio0")));
    }

    @Test
    void binding_absentDevice_isGone() {
        assertThatThrownBy(() -> pci.binding(PciAddress.parse("0000:07:00.0")))
                .isInstanceOfSatisfying(SysfsException.class, e -> assertThat(e.isGone()).isTrue());
    }

    @Test
    void children_deviceWithoutBlockOrNetDevices_hasNone() throws Exception {
        assertThat(pci.children(PciAddress.parse("0000:03:00.0"))).isEmpty();
    }

    @Test
    void function_absentDevice_isGone() {
        assertThatThrownBy(() -> pci.function(PciAddress.parse("0000:07:00.0")))
                .isInstanceOfSatisfying(SysfsException.class, e -> assertThat(e.isGone()).isTrue())
                .hasMessageContaining("0000:07:00.0").hasMessageContaining("ENODEV");
    }

    @Test
    void iommuGroupMembers_listsTheGroupsDevices() throws Exception {
        assertThat(pci.iommuGroupMembers("5")).containsExactly("0000:00:1f.0", "0000:00:1f.2");
    }

    @Test
    void moduleDrivers_readsPciDriverLinksOfTheModule() throws Exception {
        assertThat(pci.moduleDrivers("vfio_pci")).containsExactly("vfio-pci");
        assertThat(pci.moduleDrivers("e1000e")).isEmpty();
        assertThat(pci.moduleDrivers("not_loaded")).isEmpty();
        assertThat(pci.driverRegistered("vfio-pci")).isTrue();
        assertThat(pci.driverRegistered("pci-stub")).isFalse();
    }

    @Test
    void children_controller_findsDiskPartitionAndTheVolumeHoldingIt() throws Exception {
        assertThat(pci.children(PciAddress.parse("0000:00:1f.2"))).containsExactlyInAnyOrder(
                new ChildDevice("block", "sda", Optional.of("8:0")),
                new ChildDevice("block", "sda1", Optional.of("8:1")),
                new ChildDevice("block", "dm-0", Optional.of("254:0")));
    }

    @Test
    void children_nic_findsItsInterface() throws Exception {
        assertThat(pci.children(PciAddress.parse("0000:00:02.0"))).containsExactly(new ChildDevice("net", "ens2", Optional.empty()));
    }

    @Test
    void write_goesToThePathUnderTheRootAsOneValue() throws Exception {
        pci.write(PciWrites.probe(PciAddress.parse("0000:00:1f.2"), "test"));

        assertThat(Files.readString(root.resolve("bus/pci/drivers_probe"))).isEqualTo("0000:00:1f.2");
    }

    @Test
    void write_missingAttribute_failsWithPathAndErrno() {
        assertThatThrownBy(() -> pci.write(PciWrites.unbind(PciAddress.parse("0000:00:1f.2"), "nope", "test")))
                .isInstanceOfSatisfying(SysfsException.class, e -> assertThat(e.errno()).isEqualTo("ENOENT"))
                .hasMessageContaining(root.resolve("bus/pci/drivers/nope/unbind").toString());
    }
}
