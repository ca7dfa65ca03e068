package org.udevreactor.reactor.daemon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;

class DeviceRegistryTest {
    private static DeviceRecord record(String devpath, String subsystem) {
        return new DeviceRecord(devpath, subsystem, Optional.empty(), Optional.empty(), Optional.empty(), java.util.OptionalLong.empty(),
                Optional.empty(), UeventAction.ADD, "nothing to do", true);
    }

    @Test
    void put_childOfARegisteredDevice_linksTheNearestRegisteredAncestor() {
        DeviceRegistry r = new DeviceRegistry();
        r.put(record("/devices/pci0000:00/0000:00:02.0", "pci"));
        r.put(record("/devices/pci0000:00/0000:00:02.0/net/ens2", "net"));
        r.put(record("/devices/pci0000:00/0000:00:02.00", "pci"));

        assertThat(r.get("/devices/pci0000:00/0000:00:02.0/net/ens2").orElseThrow().parent())
                .contains("/devices/pci0000:00/0000:00:02.0");
        assertThat(r.get("/devices/pci0000:00/0000:00:02.00").orElseThrow().parent()).isEmpty();
        assertThat(r.children("/devices/pci0000:00/0000:00:02.0")).extracting(DeviceRecord::devpath)
                .containsExactly("/devices/pci0000:00/0000:00:02.0/net/ens2");
    }

    @Test
    void remove_parent_takesItsWholeSubtreeButNotANameSharingSibling() {
        DeviceRegistry r = new DeviceRegistry();
        r.put(record("/devices/virtual/block/loop1", "block"));
        r.put(record("/devices/virtual/block/loop1/loop1p1", "block"));
        r.put(record("/devices/virtual/block/loop10", "block"));

        assertThat(r.remove("/devices/virtual/block/loop1")).hasSize(2);
        assertThat(r.devpaths()).containsExactly("/devices/virtual/block/loop10");
        assertThat(r.countBySubsystem()).containsEntry("block", 1);
    }

    @Test
    void move_renamedDevice_takesItsSubtreeAlongAndLeavesNothingUnderTheOldName() {
        DeviceRegistry r = new DeviceRegistry();
        r.put(record("/devices/pci0000:00/0000:00:02.0", "pci"));
        r.put(record("/devices/pci0000:00/0000:00:02.0/net/eth0", "net"));
        r.put(record("/devices/pci0000:00/0000:00:02.0/net/eth0/sub/x", "misc"));
        r.put(record("/devices/pci0000:00/0000:00:02.0/net/eth01", "net"));

        assertThat(r.move("/devices/pci0000:00/0000:00:02.0/net/eth0", "/devices/pci0000:00/0000:00:02.0/net/lan0")).isEqualTo(2);
        assertThat(r.devpaths()).containsExactlyInAnyOrder("/devices/pci0000:00/0000:00:02.0",
                "/devices/pci0000:00/0000:00:02.0/net/lan0", "/devices/pci0000:00/0000:00:02.0/net/lan0/sub/x",
                "/devices/pci0000:00/0000:00:02.0/net/eth01");
        assertThat(r.get("/devices/pci0000:00/0000:00:02.0/net/lan0/sub/x").orElseThrow().parent())
                .contains("/devices/pci0000:00/0000:00:02.0/net/lan0");
        assertThat(r.get("/devices/pci0000:00/0000:00:02.0/net/lan0").orElseThrow().subsystem()).isEqualTo("net");
    }

    @Test
    void move_unknownDevice_recordsNothing() {
        DeviceRegistry r = new DeviceRegistry();
        r.put(record("/devices/virtual/net/lo", "net"));
        assertThat(r.move("/devices/virtual/net/veth0", "/devices/virtual/net/lan0")).isZero();
        assertThat(r.devpaths()).containsExactly("/devices/virtual/net/lo");
    }
}
