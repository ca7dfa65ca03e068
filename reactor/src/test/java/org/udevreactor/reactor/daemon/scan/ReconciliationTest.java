package org.udevreactor.reactor.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.daemon.DeviceEvent;

class ReconciliationTest {
    private static List<String> describe(List<DeviceEvent> events) {
        return events.stream().map(e -> e.source() + " " + e.action() + " " + e.devpath() + " (" + e.subsystem() + ")").toList();
    }

    @Test
    void of_newAndVanishedDevices_addsTheNewRemovesTheVanishedChildrenFirst() {
        Map<String, String> known = new LinkedHashMap<>();
        known.put("/devices/virtual/block/loop0", "block");
        known.put("/devices/virtual/block/loop0/loop0p1", "block");
        known.put("/devices/virtual/block/loop0/loop0p2", "block");
        known.put("/devices/virtual/net/lo", "net");
        List<ScannedDevice> present = List.of(
                new ScannedDevice("/devices/virtual/net/lo", "net"),
                new ScannedDevice("/devices/virtual/block/loop1", "block"),
                new ScannedDevice("/devices/virtual/block/loop1/loop1p1", "block"));

        Reconciliation r = Reconciliation.of(known, present);

        assertThat(describe(r.removed())).containsExactly(
                "resync remove /devices/virtual/block/loop0/loop0p2 (block)",
                "resync remove /devices/virtual/block/loop0/loop0p1 (block)",
                "resync remove /devices/virtual/block/loop0 (block)");
        assertThat(describe(r.added())).containsExactly(
                "resync add /devices/virtual/block/loop1 (block)",
                "resync add /devices/virtual/block/loop1/loop1p1 (block)");
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.events().get(0).devpath()).endsWith("loop0p2");
        assertThat(r.events().get(4).devpath()).endsWith("loop1p1");
    }

    @Test
    void of_registryEqualsScan_changesNothing() {
        Reconciliation r = Reconciliation.of(Map.of("/devices/a", "pci"), List.of(new ScannedDevice("/devices/a", "pci")));
        assertThat(r.events()).isEmpty();
    }
}
