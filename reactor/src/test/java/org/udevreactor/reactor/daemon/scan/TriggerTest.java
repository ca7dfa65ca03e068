package org.udevreactor.reactor.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;
import org.udevreactor.reactor.daemon.DaemonFixtures;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.sysfs.SysfsRoot;

class TriggerTest {
    @TempDir
    Path sys;

    /** What the kernel sends back for "add UUID" written to a device's uevent file. */
    private static DeviceEvent echo(String devpath, String uuid) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ACTION", "add");
        p.put("DEVPATH", devpath);
        p.put("SUBSYSTEM", "block");
        p.put("SYNTH_UUID", uuid);
        return DeviceEvent.of(new Uevent(UeventAction.ADD, devpath, "block", 1, p, UeventOrigin.KERNEL));
    }

    private String writtenUuid(String devpath) throws Exception {
        // Written over the start of the fake file (sysfs has no file contents to truncate).
        String written = Files.readString(sys.resolve(devpath.substring(1)).resolve("uevent"));
        assertThat(written).matches("(?s)add [0-9a-f-]{36}.*");
        return written.substring(4, 40);
    }

    @Test
    void write_thenEveryUuidComesBack_completesWithTheCount() throws Exception {
        DaemonFixtures.hostTree(sys);
        Trigger trigger = new Trigger();
        List<ScannedDevice> devices = List.of(new ScannedDevice(DaemonFixtures.LOOP, "block"),
                new ScannedDevice(DaemonFixtures.PARTITION, "block"));

        assertThat(trigger.write(new SysfsRoot(sys), devices)).isEqualTo(2);
        String loop = writtenUuid(DaemonFixtures.LOOP);
        String partition = writtenUuid(DaemonFixtures.PARTITION);
        assertThat(loop).isNotEqualTo(partition);

        trigger.arrived(echo(DaemonFixtures.LOOP, loop));
        trigger.arrived(echo(DaemonFixtures.LOOP, "not-ours"));
        assertThat(trigger.allArrived().isComplete()).isFalse();
        assertThat(trigger.outstanding()).isEqualTo(1);
        trigger.arrived(echo(DaemonFixtures.PARTITION, partition));
        assertThat(trigger.allArrived().result()).isEqualTo(2);
    }

    @Test
    void write_deviceGoneBeforeTheWrite_isLeftOutNotWaitedFor() throws Exception {
        DaemonFixtures.hostTree(sys);
        Trigger trigger = new Trigger();
        int written = trigger.write(new SysfsRoot(sys), List.of(new ScannedDevice("/devices/virtual/block/loop9", "block")));
        assertThat(written).isZero();
        assertThat(trigger.allArrived().result()).isZero();
    }
}
