package org.udevreactor.reactor.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.reactor.daemon.DaemonFixtures;
import org.udevreactor.reactor.sysfs.SysfsRoot;

class SysfsScanTest {
    @TempDir
    Path sys;

    @Test
    void devices_fakeHost_findsEachDeviceWithASubsystemOnceParentsFirst() throws Exception {
        DaemonFixtures.hostTree(sys);
        assertThat(SysfsScan.devices(new SysfsRoot(sys))).containsExactlyInAnyOrder(
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0", "pci"),
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0/net/ens2", "net"),
                new ScannedDevice("/devices/pci0000:00/0000:00:03.0", "pci"),
                new ScannedDevice("/devices/virtual/block/loop0", "block"),
                new ScannedDevice("/devices/virtual/block/loop0/loop0p1", "block"));
        var order = SysfsScan.devices(new SysfsRoot(sys)).stream().map(ScannedDevice::devpath).toList();
        assertThat(order.indexOf("/devices/virtual/block/loop0")).isLessThan(order.indexOf("/devices/virtual/block/loop0/loop0p1"));
        assertThat(order.indexOf("/devices/pci0000:00/0000:00:02.0")).isLessThan(order.indexOf("/devices/pci0000:00/0000:00:02.0/net/ens2"));
    }

    @Test
    void devices_noDevicesDirectory_saysSysfsIsNotThere() throws Exception {
        Files.createDirectories(sys.resolve("class"));
        assertThatThrownBy(() -> SysfsScan.devices(new SysfsRoot(sys))).hasMessageContaining("is sysfs mounted there?");
    }

    @Test
    void devices_generatedThousandDevices_allFound() throws Exception {
        Path bus = Files.createDirectories(sys.resolve("bus/usb"));
        for (int i = 0; i < 1_000; i++) {
            Path dev = Files.createDirectories(sys.resolve("devices/usb" + (i / 50) + "/" + i));
            Files.writeString(dev.resolve("uevent"), "DEVTYPE=usb_device\n");
            Files.createSymbolicLink(dev.resolve("subsystem"), dev.relativize(bus));
        }
        assertThat(SysfsScan.devices(new SysfsRoot(sys))).hasSize(1_000).allMatch(d -> d.subsystem().equals("usb"));
    }
}
