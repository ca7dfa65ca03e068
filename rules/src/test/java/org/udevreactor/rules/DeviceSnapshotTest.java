package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;

class DeviceSnapshotTest {

    @Test
    void fromUevent_pciEvent_readsIdsClassAddressAndModalias() {
        DeviceSnapshot d = DeviceSnapshot.fromUevent(Devices.pciUevent("0000:00:03.0", 0x1234, 0x11e8, 0x1af4, 0x1100, 0x00ff00));

        assertThat(d.pci()).contains(new PciIdentity(0x1234, 0x11e8, 0x1af4, 0x1100, 0x00ff00, "0000:00:03.0"));
        assertThat(d.modalias()).contains("pci:v00001234d000011E8sv00001AF4sd00001100bc00scFFi00");
        assertThat(d.subsystem()).isEqualTo("pci");
        assertThat(d.action()).isEqualTo(UeventAction.ADD);
        assertThat(d.driver()).isEmpty();
        assertThat(d.bootVga()).isEmpty();
        assertThat(d.properties()).containsEntry("PCI_CLASS", "FF00");
    }

    @Test
    void fromUevent_boundDevice_takesDriverFromDriverProperty() {
        Uevent e = event("bind", "pci", Map.of("PCI_ID", "8086:10D3", "PCI_SUBSYS_ID", "8086:0000", "PCI_CLASS", "20000",
                "PCI_SLOT_NAME", "0000:00:02.0", "DRIVER", "e1000e"));

        assertThat(DeviceSnapshot.fromUevent(e).driver()).contains("e1000e");
    }

    @Test
    void fromUevent_malformedOrPartialPciProperties_hasNoPciIdentity() {
        assertThat(DeviceSnapshot.fromUevent(event("add", "pci", Map.of("PCI_ID", "8086", "PCI_SUBSYS_ID", "8086:0000",
                "PCI_CLASS", "20000", "PCI_SLOT_NAME", "0000:00:02.0"))).pci()).isEmpty();
        assertThat(DeviceSnapshot.fromUevent(event("add", "pci", Map.of("PCI_ID", "8086:10D3",
                "PCI_CLASS", "20000", "PCI_SLOT_NAME", "0000:00:02.0"))).pci()).isEmpty();
        assertThat(DeviceSnapshot.fromUevent(event("add", "pci", Map.of("PCI_ID", "8086:10D3", "PCI_SUBSYS_ID", "8086:0000",
                "PCI_CLASS", "1000000", "PCI_SLOT_NAME", "0000:00:02.0"))).pci()).as("class over 24 bits").isEmpty();
    }

    @Test
    void fromUevent_nonPciEvent_hasNoPciIdentityNorModalias() {
        DeviceSnapshot d = Devices.block("loop0");

        assertThat(d.pci()).isEmpty();
        assertThat(d.modalias()).isEmpty();
    }

    @Test
    void properties_anEventsAreKeptAsTheyAre_anyOtherMapIsCopied() {
        Uevent e = event("change", "tty", Map.of("MAJOR", "4", "MINOR", "1"));
        java.util.Map<String, String> mutable = new java.util.HashMap<>(Map.of("DEVTYPE", "disk"));
        DeviceSnapshot derived = DeviceSnapshot.fromUevent(e).withAction(UeventAction.ADD);
        DeviceSnapshot fromMutable = new DeviceSnapshot("block", UeventAction.ADD, "/devices/virtual/block/loop0", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), mutable, Map.of());
        mutable.put("DEVTYPE", "partition");

        assertThat(DeviceSnapshot.fromUevent(e).properties()).isSameAs(e.properties());
        assertThat(derived.properties()).isSameAs(e.properties());
        assertThat(fromMutable.properties()).containsOnly(Map.entry("DEVTYPE", "disk"));
    }

    @Test
    void withers_sysfsFacts_completeTheSnapshot() {
        DeviceSnapshot d = Devices.nvidiaGpu(true).withDriver(Optional.of("nouveau")).withAttributes(Map.of("sriov_totalvfs", "0"));

        assertThat(d.bootVga()).contains(true);
        assertThat(d.driver()).contains("nouveau");
        assertThat(d.attributes()).containsOnly(Map.entry("sriov_totalvfs", "0"));
    }

    private static Uevent event(String action, String subsystem, Map<String, String> extra) {
        Map<String, String> p = new java.util.LinkedHashMap<>(extra);
        p.put("ACTION", action);
        return new Uevent(UeventAction.fromWire(action).orElseThrow(), "/devices/x", subsystem, 1, p, UeventOrigin.KERNEL);
    }
}
