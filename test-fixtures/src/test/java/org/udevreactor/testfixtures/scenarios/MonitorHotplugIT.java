package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestExtension;
import org.udevreactor.testfixtures.vm.GuestProcess;
import org.udevreactor.testfixtures.vm.GuestSpec;

/**
 * Scenario 1: {@code reactor monitor --json}, run inside the guest from the built jar, reports
 * the kernel's own uevents for PCI hot-add and removal through QEMU's PCIe hotplug.
 * Nothing in the guest loads drivers (there is no udev), so a hot-added e1000e stays unbound.
 */
// Per test; the boot in beforeAll has its own limits. TCG on shared cores is slow, so generous.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MonitorHotplugIT {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(120);
    private static final String E1000E_PCI_ID = "8086:10D3";
    private static final String VIRTIO_NET_PCI_ID = "1AF4:1041";

    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    @Test
    void monitorJson_e1000eHotAddAndRemoval_reportsBothKernelPciUevents() throws IOException {
        Guest guest = VM.guest();
        GuestProcess monitor = guest.startReactor("monitor", "--json");
        MonitorOutput.awaitListening(guest, monitor, LISTEN_TIMEOUT);

        String id = guest.hotplug("e1000e", GuestSpec.rootPortId(1));
        Map<String, Object> add = MonitorOutput.awaitUevent(monitor, "add of e1000e",
                MonitorOutput.pci("add", E1000E_PCI_ID), EVENT_TIMEOUT);
        guest.unplug(id);
        Map<String, Object> remove = MonitorOutput.awaitUevent(monitor, "remove of e1000e",
                MonitorOutput.pci("remove", E1000E_PCI_ID), EVENT_TIMEOUT);
        monitor.stop();

        String devpath = (String) add.get("devpath");
        assertThat(devpath).matches("/devices/pci0000:00/0000:00:[0-9a-f]{2}\\.[0-7]/0000:[0-9a-f]{2}:00\\.0");
        assertThat(add).containsEntry("source", "kernel");
        assertThat(MonitorOutput.properties(add))
                .containsEntry("ACTION", "add")
                .containsEntry("DEVPATH", devpath)
                .containsEntry("PCI_SLOT_NAME", devpath.substring(devpath.lastIndexOf('/') + 1))
                .hasEntrySatisfying("MODALIAS", m -> assertThat((String) m).startsWith("pci:v00008086d000010D3"));
        assertThat(remove).containsEntry("source", "kernel").containsEntry("devpath", devpath);
        assertThat(((Number) remove.get("seqnum")).longValue()).isGreaterThan(((Number) add.get("seqnum")).longValue());
    }

    @Test
    void monitorJson_subsystemMatchPci_omitsTheVirtioEventOfTheSameHotplug() throws IOException {
        Guest guest = VM.guest();
        GuestProcess all = guest.startReactor("monitor", "--json");
        // mem stays in so that readiness can be proven with a synthetic event on /dev/null.
        GuestProcess pciOnly = guest.startReactor("monitor", "--json", "--subsystem-match", "pci",
                "--subsystem-match", "mem");
        MonitorOutput.awaitListening(guest, all, LISTEN_TIMEOUT);
        MonitorOutput.awaitListening(guest, pciOnly, LISTEN_TIMEOUT);

        // virtio_pci is loaded at boot, so a modern virtio-net gets bound and a virtio device appears.
        String id = guest.hotplug("virtio-net-pci", GuestSpec.rootPortId(2));
        MonitorOutput.awaitUevent(all, "add of a virtio device", e -> "add".equals(e.get("action"))
                && "virtio".equals(e.get("subsystem")), EVENT_TIMEOUT);
        MonitorOutput.awaitUevent(pciOnly, "add of virtio-net's PCI function",
                MonitorOutput.pci("add", VIRTIO_NET_PCI_ID), EVENT_TIMEOUT);
        guest.unplug(id);
        MonitorOutput.awaitUevent(pciOnly, "remove of virtio-net's PCI function",
                MonitorOutput.pci("remove", VIRTIO_NET_PCI_ID), EVENT_TIMEOUT);
        all.stop();
        pciOnly.stop();

        assertThat(MonitorOutput.uevents(pciOnly)).extracting(e -> e.get("subsystem")).containsOnly("pci", "mem");
    }
}
