package org.udevreactor.reactor.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.sysfs.DeviceState;

class ReconciliationTest {
    private static List<String> describe(List<DeviceEvent> events) {
        return events.stream().map(e -> e.source() + " " + e.action() + " " + e.devpath() + " (" + e.subsystem() + ")").toList();
    }

    private static DeviceRecord record(String devpath, String subsystem, String driver, long incarnation) {
        return new DeviceRecord(devpath, subsystem, Optional.empty(), Optional.empty(), Optional.ofNullable(driver),
                incarnation < 0 ? OptionalLong.empty() : OptionalLong.of(incarnation), Optional.empty(), UeventAction.ADD, "nothing to do", true);
    }

    private static Map<String, DeviceRecord> known(DeviceRecord... records) {
        Map<String, DeviceRecord> known = new LinkedHashMap<>();
        for (DeviceRecord r : records) {
            known.put(r.devpath(), r);
        }
        return known;
    }

    private static DeviceState state(String driver, long incarnation) {
        return new DeviceState(Optional.ofNullable(driver), incarnation);
    }

    @Test
    void of_newAndVanishedDevices_addsTheNewRemovesTheVanishedChildrenFirst() {
        Map<String, DeviceRecord> known = known(
                record("/devices/virtual/block/loop0", "block", null, 1),
                record("/devices/virtual/block/loop0/loop0p1", "block", null, 2),
                record("/devices/virtual/block/loop0/loop0p2", "block", null, 3),
                record("/devices/virtual/net/lo", "net", null, 4));
        List<ScannedDevice> present = List.of(
                new ScannedDevice("/devices/virtual/block/loop1", "block"),
                new ScannedDevice("/devices/virtual/block/loop1/loop1p1", "block"),
                new ScannedDevice("/devices/virtual/net/lo", "net"));

        Reconciliation r = Reconciliation.of(known, present, Map.of("/devices/virtual/net/lo", state(null, 4)));

        assertThat(describe(r.removed())).containsExactly(
                "resync remove /devices/virtual/block/loop0/loop0p2 (block)",
                "resync remove /devices/virtual/block/loop0/loop0p1 (block)",
                "resync remove /devices/virtual/block/loop0 (block)");
        assertThat(describe(r.added())).containsExactly(
                "resync add /devices/virtual/block/loop1 (block)",
                "resync add /devices/virtual/block/loop1/loop1p1 (block)");
        assertThat(r.rebound()).isEmpty();
        assertThat(r.recreated()).isEmpty();
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.events().get(0).devpath()).endsWith("loop0p2");
        assertThat(r.events().get(4).devpath()).endsWith("loop1p1");
    }

    @Test
    void of_registryEqualsScan_changesNothing() {
        Reconciliation r = Reconciliation.of(known(record("/devices/a", "pci", "e1000e", 7)), List.of(new ScannedDevice("/devices/a", "pci")),
                Map.of("/devices/a", state("e1000e", 7)));
        assertThat(r.events()).isEmpty();
    }

    @Test
    void of_driverChangedUnseen_bindWhenItHasOneNowUnbindWhenNone() {
        Map<String, DeviceRecord> known = known(
                record("/devices/pci0000:00/0000:00:02.0", "pci", "e1000e", 10),
                record("/devices/pci0000:00/0000:00:03.0", "pci", null, 11),
                record("/devices/pci0000:00/0000:00:04.0", "pci", "vfio-pci", 12));
        List<ScannedDevice> present = List.of(
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0", "pci"),
                new ScannedDevice("/devices/pci0000:00/0000:00:03.0", "pci"),
                new ScannedDevice("/devices/pci0000:00/0000:00:04.0", "pci"));

        Reconciliation r = Reconciliation.of(known, present, Map.of(
                "/devices/pci0000:00/0000:00:02.0", state("vfio-pci", 10),
                "/devices/pci0000:00/0000:00:03.0", state("edu_vfio_pci", 11),
                "/devices/pci0000:00/0000:00:04.0", state(null, 12)));

        assertThat(describe(r.rebound())).containsExactly(
                "resync bind /devices/pci0000:00/0000:00:02.0 (pci)",
                "resync bind /devices/pci0000:00/0000:00:03.0 (pci)",
                "resync unbind /devices/pci0000:00/0000:00:04.0 (pci)");
        assertThat(r.added()).isEmpty();
        assertThat(r.removed()).isEmpty();
        assertThat(r.size()).isEqualTo(3);
    }

    @Test
    void of_recreatedAtTheSameDevpath_removedAndAddedWithEverythingBelowIt() {
        Map<String, DeviceRecord> known = known(
                record("/devices/pci0000:00/0000:00:02.0", "pci", "e1000e", 20),
                record("/devices/pci0000:00/0000:00:02.0/net/ens2", "net", null, 21),
                record("/devices/pci0000:00/0000:00:03.0", "pci", null, 22));
        List<ScannedDevice> present = List.of(
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0", "pci"),
                new ScannedDevice("/devices/pci0000:00/0000:00:02.0/net/ens2", "net"),
                new ScannedDevice("/devices/pci0000:00/0000:00:03.0", "pci"));

        // 02.0 was unplugged and plugged again: another directory, its netdev too (and a driver
        // change on it is part of being re-added, not a bind of its own).
        Reconciliation r = Reconciliation.of(known, present, Map.of(
                "/devices/pci0000:00/0000:00:02.0", state(null, 40),
                "/devices/pci0000:00/0000:00:02.0/net/ens2", state(null, 41),
                "/devices/pci0000:00/0000:00:03.0", state(null, 22)));

        assertThat(r.recreated()).containsExactlyInAnyOrder("/devices/pci0000:00/0000:00:02.0", "/devices/pci0000:00/0000:00:02.0/net/ens2");
        assertThat(describe(r.events())).containsExactly(
                "resync remove /devices/pci0000:00/0000:00:02.0/net/ens2 (net)",
                "resync remove /devices/pci0000:00/0000:00:02.0 (pci)",
                "resync add /devices/pci0000:00/0000:00:02.0 (pci)",
                "resync add /devices/pci0000:00/0000:00:02.0/net/ens2 (net)");
    }

    @Test
    void of_childBelowARecreatedParent_recreatedEvenWithItsOldNumberUnknown() {
        Map<String, DeviceRecord> known = known(
                record("/devices/virtual/block/loop0", "block", null, 30),
                record("/devices/virtual/block/loop0/loop0p1", "block", null, -1));
        List<ScannedDevice> present = List.of(
                new ScannedDevice("/devices/virtual/block/loop0", "block"),
                new ScannedDevice("/devices/virtual/block/loop0/loop0p1", "block"));

        Reconciliation r = Reconciliation.of(known, present, Map.of(
                "/devices/virtual/block/loop0", state(null, 31),
                "/devices/virtual/block/loop0/loop0p1", state(null, 32)));

        assertThat(r.recreated()).hasSize(2);
        assertThat(describe(r.added())).containsExactly(
                "resync add /devices/virtual/block/loop0 (block)",
                "resync add /devices/virtual/block/loop0/loop0p1 (block)");
    }

    @Test
    void of_incarnationNotRecordedOrNotRead_comparedByDevpathAndDriverOnly() {
        Map<String, DeviceRecord> known = known(
                record("/devices/a", "pci", null, -1),
                record("/devices/b", "pci", null, 5));
        List<ScannedDevice> present = List.of(new ScannedDevice("/devices/a", "pci"), new ScannedDevice("/devices/b", "pci"));

        Reconciliation r = Reconciliation.of(known, present, Map.of("/devices/a", state(null, 99)));

        assertThat(r.events()).isEmpty();
    }
}
