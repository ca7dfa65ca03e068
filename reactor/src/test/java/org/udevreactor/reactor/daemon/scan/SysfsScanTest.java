package org.udevreactor.reactor.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.reactor.daemon.DaemonFixtures;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsTree;

class SysfsScanTest {
    @TempDir
    Path sys;

    @Test
    void devices_fakeHost_findsEachDeviceWithASubsystemOnceParentsFirst() throws Exception {
        DaemonFixtures.hostTree(sys);
        assertThat(SysfsScan.devices(new SysfsRoot(sys))).containsExactly(
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0", "pci"),
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0/net/ens2", "net"),
                new ScannedDevice("/devices/pci0000:00/0000:00:03.0", "pci"),
                new ScannedDevice("/devices/virtual/block/loop0", "block"),
                new ScannedDevice("/devices/virtual/block/loop0/loop0p1", "block"));
    }

    @Test
    void devices_noDevicesDirectory_saysSysfsIsNotThere() throws Exception {
        Files.createDirectories(sys.resolve("class"));
        assertThatThrownBy(() -> SysfsScan.devices(new SysfsRoot(sys))).hasMessageContaining("is sysfs mounted there?");
    }

    @Test
    void devices_generatedThousandDevices_allFound() throws Exception {
        Path bus = Files.createDirectories(sys.resolve("bus/usb/devices"));
        for (int i = 0; i < 1_000; i++) {
            Path dev = Files.createDirectories(sys.resolve("devices/usb" + (i / 50) + "/" + i));
            Files.writeString(dev.resolve("uevent"), "DEVTYPE=usb_device\n");
            Files.createSymbolicLink(dev.resolve("subsystem"), dev.relativize(bus.getParent()));
            Files.createSymbolicLink(bus.resolve("usb" + (i / 50) + "-" + i), bus.relativize(dev));
        }
        assertThat(SysfsScan.devices(new SysfsRoot(sys))).hasSize(1_000).allMatch(d -> d.subsystem().equals("usb"));
    }

    @Test
    void devices_linksThatAreNotDevices_skipped() throws Exception {
        SysfsTree.build(sys, """
                f devices/virtual/net/lo/uevent INTERFACE=lo\\nIFINDEX=1
                l devices/virtual/net/lo/subsystem ../../../../class/net
                l class/net/lo ../../devices/virtual/net/lo
                # A class's own attribute, not a link.
                f class/net/bonding_masters
                # Removed: its link is left behind for a moment.
                l class/net/veth0 ../../devices/virtual/net/veth0
                # Outside /sys/devices.
                l class/net/odd ../../module/e1000e
                d module/e1000e
                f module/e1000e/uevent
                # A bus without devices/, and a file where a class would be.
                d bus/none
                f class/not-a-class
                """);
        assertThat(SysfsScan.devices(new SysfsRoot(sys))).containsExactly(new ScannedDevice("/devices/virtual/net/lo", "net"));
    }

    /**
     * Every fake tree with devices (uevent files) that the tests use: the scan finds what a walk of
     * the whole tree finds, parents first.
     */
    @ParameterizedTest
    @ValueSource(strings = {"daemon/host.tree", "cli/explain.tree", "sysfs/q35-guest.tree"})
    void devices_fakeTrees_sameDevicesAsAWalkOfTheWholeTree(String tree) throws Exception {
        SysfsTree.buildFromResource(sys, SysfsScanTest.class, "/org/udevreactor/reactor/" + tree);
        List<ScannedDevice> scanned = SysfsScan.devices(new SysfsRoot(sys));
        List<ScannedDevice> walked = WalkedDevices.walk(sys);
        assertThat(walked).isNotEmpty();
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(walked);
        assertParentsFirst(scanned);
    }

    /**
     * This machine's real sysfs (the kernel's own listings against a walk of /sys/devices). Devices
     * come and go while other tests run (loop devices, veths): the comparison is retried until
     * two walks around the scan agree, so a change between them is not taken for a difference.
     */
    @Test
    void devices_thisHostsSysfs_sameDevicesAsAWalkOfSysDevices() throws Exception {
        SysfsRoot real = SysfsRoot.system();
        List<ScannedDevice> scanned = List.of();
        List<ScannedDevice> walked = List.of();
        for (int attempt = 0; attempt < 5; attempt++) {
            List<ScannedDevice> before = WalkedDevices.walk(real.root());
            scanned = SysfsScan.devices(real);
            walked = WalkedDevices.walk(real.root());
            if (new HashSet<>(before).equals(new HashSet<>(walked))) {
                break;
            }
        }
        assertThat(walked).as("devices below /sys/devices").isNotEmpty();
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(walked);
        assertParentsFirst(scanned);
    }

    /** Each device comes after every device whose directory holds it. */
    private static void assertParentsFirst(List<ScannedDevice> scanned) {
        Set<String> all = new HashSet<>(scanned.stream().map(ScannedDevice::devpath).toList());
        Set<String> before = new HashSet<>();
        for (ScannedDevice d : scanned) {
            for (int slash = d.devpath().lastIndexOf('/'); slash > 0; slash = d.devpath().lastIndexOf('/', slash - 1)) {
                String ancestor = d.devpath().substring(0, slash);
                if (all.contains(ancestor)) {
                    assertThat(before).as("%s before %s", ancestor, d.devpath()).contains(ancestor);
                }
            }
            before.add(d.devpath());
        }
    }
}
