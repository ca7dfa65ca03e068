package org.udevreactor.reactor.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.PciIdentity;

class DeviceSnapshotsTest {
    @TempDir
    Path root;

    private DeviceSnapshots snapshots;

    @BeforeEach
    void tree() {
        SysfsTree.buildFromResource(root, DeviceSnapshotsTest.class, "q35-guest.tree");
        snapshots = new DeviceSnapshots(new SysfsRoot(root));
    }

    private DeviceSnapshot present(DeviceRead read) {
        assertThat(read).isInstanceOf(DeviceRead.Present.class);
        return ((DeviceRead.Present) read).snapshot();
    }

    @Test
    void read_boundNic_hasUeventPropertiesIdentityAndDriverLink() throws IOException {
        DeviceSnapshot nic = present(snapshots.read("/devices/pci0000:00/0000:00:02.0", Set.of()));
        assertThat(nic.subsystem()).isEqualTo("pci");
        assertThat(nic.action()).isEqualTo(UeventAction.ADD);
        assertThat(nic.devpath()).isEqualTo("/devices/pci0000:00/0000:00:02.0");
        assertThat(nic.pci()).contains(new PciIdentity(0x8086, 0x10d3, 0x1af4, 0x1100, 0x020000, "0000:00:02.0"));
        assertThat(nic.modalias()).contains("pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00");
        assertThat(nic.driver()).contains("e1000e");
        assertThat(nic.bootVga()).isEmpty();
        assertThat(nic.properties()).containsEntry("DEVPATH", "/devices/pci0000:00/0000:00:02.0")
                .containsEntry("SUBSYSTEM", "pci").containsEntry("ACTION", "add").containsEntry("DRIVER", "e1000e");
    }

    @Test
    void read_knownSubsystem_isTakenAsGivenAndTheLinkIsNotRead() throws IOException {
        String nic = "/devices/pci0000:00/0000:00:02.0";
        // Without its link, only a subsystem given by the caller (a scan, an event) can name it.
        Files.delete(root.resolve(nic.substring(1)).resolve("subsystem"));
        DeviceSnapshot given = present(snapshots.read(nic, "pci", Set.of()));
        assertThat(given.subsystem()).isEqualTo("pci");
        assertThat(given.properties()).containsEntry("SUBSYSTEM", "pci");
        assertThat(given.pci().map(PciIdentity::device)).contains(0x10d3);
        assertThat(present(snapshots.read(nic, "", Set.of())).subsystem()).isEmpty();
    }

    @Test
    void read_byPciAddress_followsTheBusLinkToTheDevpath() throws IOException {
        DeviceSnapshot edu = present(snapshots.read(PciAddress.parse("0000:00:03.0"), Set.of()));
        assertThat(edu.devpath()).isEqualTo("/devices/pci0000:00/0000:00:03.0");
        assertThat(edu.driver()).isEmpty();
        assertThat(edu.pci().map(PciIdentity::device)).contains(0x11e8);
    }

    @Test
    void read_uventWithoutPciLines_takesIdentityFromIdFilesAndBootVga() throws IOException {
        DeviceSnapshot vga = present(snapshots.read("/devices/pci0000:00/0000:00:01.0", Set.of()));
        assertThat(vga.pci()).contains(new PciIdentity(0x1234, 0x1111, 0x1af4, 0x1100, 0x030000, "0000:00:01.0"));
        assertThat(vga.bootVga()).contains(true);
    }

    @Test
    void read_namedAttributes_readsPresentOnesWithoutNewlineAndSkipsMissingOnes() throws IOException {
        DeviceSnapshot nic = present(snapshots.read("/devices/pci0000:00/0000:00:02.0",
                Set.of("power/control", "sriov_totalvfs", "../0000:00:03.0/uevent")));
        assertThat(nic.attributes()).containsExactlyEntriesOf(java.util.Map.of("power/control", "auto"));
    }

    /** The uevent file's read waits for a probe in progress (it takes the device lock): a kernel event's own properties stand for it. */
    @Test
    void complete_kernelEvent_addsDriverLinkBootVgaAndAttributesWithoutTheUeventFile() throws IOException {
        Path vga = root.resolve("devices/pci0000:00/0000:00:01.0");
        Files.delete(vga.resolve("uevent"));
        DeviceSnapshot told = DeviceSnapshot.fromUevent(new org.udevreactor.netlink.Uevent(UeventAction.ADD,
                "/devices/pci0000:00/0000:00:01.0", "pci", 9, java.util.Map.of("PCI_SLOT_NAME", "0000:00:01.0", "PCI_ID", "1234:1111",
                "PCI_SUBSYS_ID", "1AF4:1100", "PCI_CLASS", "30000"), org.udevreactor.netlink.UeventOrigin.KERNEL));

        DeviceSnapshot device = present(snapshots.complete(told, Set.of("class")));

        assertThat(device.properties()).isEqualTo(told.properties());
        assertThat(device.pci()).isEqualTo(told.pci());
        assertThat(device.bootVga()).contains(true);
        assertThat(device.attributes()).containsExactlyEntriesOf(java.util.Map.of("class", "0x030000"));
    }

    @Test
    void complete_missingDevice_isGone() throws IOException {
        DeviceSnapshot told = DeviceSnapshot.fromUevent(new org.udevreactor.netlink.Uevent(UeventAction.ADD,
                "/devices/pci0000:00/0000:00:09.0", "pci", 9, java.util.Map.of(), org.udevreactor.netlink.UeventOrigin.KERNEL));

        assertThat(snapshots.complete(told, Set.of())).isInstanceOf(DeviceRead.Gone.class);
    }

    @Test
    void read_missingDevice_isGoneNamingTheDirectory() throws IOException {
        DeviceRead read = snapshots.read("/devices/pci0000:00/0000:00:09.0", Set.of());
        assertThat(read).isInstanceOf(DeviceRead.Gone.class);
        assertThat(read.toString()).contains("device gone", "0000:00:09.0", "no such device directory");
    }

    @Test
    void read_unknownPciAddress_isGoneNamingTheAddress() throws IOException {
        DeviceRead read = snapshots.read(PciAddress.parse("0000:05:00.0"), Set.of());
        assertThat(read).isInstanceOf(DeviceRead.Gone.class);
        assertThat(((DeviceRead.Gone) read).detail()).contains("no PCI device 0000:05:00.0", "ENOENT");
    }

    @Test
    void read_ueventFileRemovedUnderneath_isGone() throws IOException {
        Files.delete(root.resolve("devices/pci0000:00/0000:00:03.0/uevent"));
        DeviceRead read = snapshots.read("/devices/pci0000:00/0000:00:03.0", Set.of());
        assertThat(((DeviceRead.Gone) read).detail()).endsWith("uevent: ENOENT");
    }

    @Test
    void read_devpathLeavingTheRoot_isRefused() {
        assertThatThrownBy(() -> snapshots.read("/devices/../../etc", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves " + root);
    }

    @Test
    void read_realSysfsMemNull_readsTheHostsDevice() throws IOException {
        // The host's own sysfs: every Linux has /sys/devices/virtual/mem/null, no root needed.
        DeviceSnapshot nullDevice = present(new DeviceSnapshots(SysfsRoot.system()).read("/devices/virtual/mem/null", Set.of("dev")));
        assertThat(nullDevice.subsystem()).isEqualTo("mem");
        assertThat(nullDevice.properties()).containsEntry("MAJOR", "1").containsEntry("MINOR", "3").containsEntry("DEVNAME", "null");
        assertThat(nullDevice.attributes()).containsEntry("dev", "1:3");
        assertThat(nullDevice.pci()).isEqualTo(Optional.empty());
    }
}
