package org.udevreactor.reactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.netlink.UeventSink;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.sysfs.SysfsRoot;

class ListenThenScanTest {
    @TempDir
    Path temp;

    private static final UeventSink NOWHERE = new UeventSink() {
        @Override
        public void onEvents(List<Uevent> batch) {
        }

        @Override
        public void onLoss(EventLoss loss) {
        }
    };

    @Test
    void devices_deviceAddedWhileTheSocketOpens_isScanned() throws Exception {
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        AtomicReference<UeventListener> opened = new AtomicReference<>();
        // A device that appears as the socket opens: the scan, made after, must see it.
        Daemon.ListenerOpener opener = (config, sink) -> {
            addLoopDisk(sys, "loop1");
            UeventListener listener = UeventListener.open(new ListenerConfig(NetlinkGroup.UDEV, 1 << 16,
                    config.slotsPerCall(), config.maxBatch(), config.sysfs()), sink);
            opened.set(listener);
            return listener;
        };
        try (ListenThenScan started = ListenThenScan.begin(opener, ListenerConfig.defaults(NetlinkGroup.UDEV), NOWHERE,
                new SysfsRoot(sys))) {
            assertThat(started.devices()).extracting(ScannedDevice::devpath)
                    .contains("/devices/virtual/block/loop1", DaemonFixtures.LOOP, DaemonFixtures.NIC);
            assertThat(started.listener()).isSameAs(opened.get());
        }
    }

    private static void addLoopDisk(Path sys, String name) {
        try {
            Path added = Files.createDirectories(sys.resolve("devices/virtual/block/" + name));
            Files.writeString(added.resolve("uevent"), "MAJOR=7\nMINOR=1\nDEVNAME=" + name + "\nDEVTYPE=disk\n");
            Files.createSymbolicLink(sys.resolve("class/block/" + name), added);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void listener_socketRefused_throwsItsErrorAndScansNothing() throws Exception {
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        Daemon.ListenerOpener refused = (config, sink) -> {
            throw new NativeCallException("bind(NETLINK_KOBJECT_UEVENT, group 1)", 1);
        };
        try (ListenThenScan started = ListenThenScan.begin(refused, ListenerConfig.defaults(NetlinkGroup.KERNEL), NOWHERE,
                new SysfsRoot(sys))) {
            assertThatThrownBy(started::listener).isInstanceOf(NativeCallException.class).hasMessageContaining("bind(");
            assertThatThrownBy(started::devices).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sysfs not scanned: no netlink socket");
        }
    }

    @Test
    void devices_noSysfsThere_throwsNamingIt() throws Exception {
        Path missing = temp.resolve("no-sys");
        Daemon.ListenerOpener opener = (config, sink) -> UeventListener.open(new ListenerConfig(NetlinkGroup.UDEV, 1 << 16,
                config.slotsPerCall(), config.maxBatch(), config.sysfs()), sink);
        try (ListenThenScan started = ListenThenScan.begin(opener, ListenerConfig.defaults(NetlinkGroup.UDEV), NOWHERE,
                new SysfsRoot(missing))) {
            assertThatThrownBy(started::devices).isInstanceOf(java.nio.file.NoSuchFileException.class)
                    .hasMessageContaining(missing.toString());
        }
    }
}
