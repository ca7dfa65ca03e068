package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udevreactor.testfixtures.vm.CommandResult;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestExtension;
import org.udevreactor.testfixtures.vm.GuestSpec;

/**
 * Scenario: {@code reactor bind} and {@code reactor release} on a real kernel's PCI devices. One
 * guest for the class, and the tests build on each other in order (edu bound, then bound again;
 * e1000e taken and given back; a chipset group refused, then bound whole), so each asserts the
 * state it starts from. The guest has no udev: only what a test loads is loaded.
 */
// Per test; the boot in beforeAll has its own limits. TCG on shared cores is slow, so generous.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BindingIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    private static String edu;
    private static String nic;

    @BeforeAll
    static void devices() throws IOException {
        Guest guest = VM.guest();
        edu = PciDevices.find(guest, PciDevices.EDU);
        nic = PciDevices.find(guest, PciDevices.E1000E);
        // The NIC starts on its host driver, as on a machine where udev loaded it.
        guest.runOk("modprobe e1000e");
        guest.await("[ -e " + PciDevices.sysfsPath(nic) + "/driver ]", java.time.Duration.ofSeconds(30));
    }

    /** reactor bind/release in the guest, with no modprobe.d (the guest's /etc is the host's). */
    private static CommandResult reactor(String... args) throws IOException {
        return VM.guest().run("mkdir -p /tmp/no-modprobe.d\n"
                + "java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar " + String.join(" ", args)
                + " --config-dir /tmp/no-modprobe.d\n");
    }

    private static String driverOf(String bdf) throws IOException {
        return PciDevices.driverOf(VM.guest(), bdf);
    }

    private static String override(String bdf) throws IOException {
        return PciDevices.override(VM.guest(), bdf);
    }

    private static List<String> vfioDev(String bdf) throws IOException {
        return PciDevices.vfioDev(VM.guest(), bdf);
    }

    @Test
    @Order(1)
    void bind_eduVfio_choosesTheTestVariantOverVfioPciAndVerifiesVfioDev() throws IOException {
        assertThat(driverOf(edu)).isEqualTo("none");

        CommandResult result = reactor("bind", "--vfio", edu);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("wrote \"edu_vfio_pci\" > /sys/bus/pci/devices/" + edu + "/driver_override",
                "wrote \"" + edu + "\" > /sys/bus/pci/drivers_probe", "bound " + edu + " → edu_vfio_pci (vfio-dev/vfio");
        assertThat(driverOf(edu)).isEqualTo("edu_vfio_pci");
        assertThat(vfioDev(edu)).singleElement().asString().matches("vfio\\d+");
        assertThat(VM.guest().run("[ -d /sys/module/edu_vfio_pci ] && [ ! -d /sys/bus/pci/drivers/vfio-pci ]").succeeded())
                .as("the variant's module is loaded, vfio-pci's is not needed").isTrue();
    }

    @Test
    @Order(2)
    void bind_eduAgain_isANoOpThatWritesNothing() throws IOException {
        CommandResult result = reactor("bind", "--vfio", edu);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("already bound: " + edu + " → edu_vfio_pci").doesNotContain("wrote");
        assertThat(driverOf(edu)).isEqualTo("edu_vfio_pci");
    }

    @Test
    @Order(3)
    void bind_e1000eVfio_takesItFromE1000eToVfioPci() throws IOException {
        assertThat(driverOf(nic)).isEqualTo("e1000e");

        CommandResult result = reactor("bind", "--vfio", nic);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("wrote \"" + nic + "\" > /sys/bus/pci/drivers/e1000e/unbind",
                "bound " + nic + " → vfio-pci (vfio-dev/vfio");
        assertThat(driverOf(nic)).isEqualTo("vfio-pci");
        assertThat(override(nic)).isEqualTo("vfio-pci");
        assertThat(vfioDev(nic)).hasSize(1);
        assertThat(VM.guest().runOk("ls " + PciDevices.sysfsPath(nic) + "/net 2>/dev/null; true").strip()).isEmpty();
    }

    @Test
    @Order(4)
    void release_e1000e_givesItBackToE1000eAndItsNetdevReturns() throws IOException {
        CommandResult result = reactor("release", nic);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("wrote \"\\n\" > /sys/bus/pci/devices/" + nic + "/driver_override",
                "released: " + nic + " → e1000e");
        assertThat(driverOf(nic)).isEqualTo("e1000e");
        assertThat(override(nic)).isEqualTo("(null)");
        assertThat(vfioDev(nic)).isEmpty();
        VM.guest().await("ls " + PciDevices.sysfsPath(nic) + "/net/* >/dev/null 2>&1", java.time.Duration.ofSeconds(30));
    }

    @Test
    @Order(5)
    void bind_chipsetFunctionWithHostDriverInItsGroup_isRefusedNamingThatMember() throws IOException {
        Guest guest = VM.guest();
        String ahci = PciDevices.find(guest, PciDevices.ICH9_AHCI);
        String smbus = PciDevices.find(guest, PciDevices.ICH9_SMBUS);
        String group = guest.runOk("basename \"$(readlink " + PciDevices.sysfsPath(ahci) + "/iommu_group)\"").strip();
        assertThat(guest.runOk("ls /sys/kernel/iommu_groups/" + group + "/devices").lines().toList())
                .as("QEMU's ICH9 functions share an IOMMU group").contains(ahci, smbus);
        guest.runOk("modprobe i2c_i801");
        assertThat(driverOf(smbus)).isEqualTo("i801_smbus");
        assertThat(driverOf(ahci)).isEqualTo("none");

        CommandResult result = reactor("bind", "--vfio", ahci);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(result.output()).contains("refused " + ahci, "IOMMU group " + group + " is not viable",
                smbus + " (8086:2930, class 0x0c0500) is bound to host driver i801_smbus").doesNotContain("wrote");
        assertThat(override(ahci)).isEqualTo("(null)");
        assertThat(driverOf(smbus)).isEqualTo("i801_smbus");
    }

    @Test
    @Order(6)
    void bind_wholeGroup_takesTheBlockingMemberAlongAndReleaseGivesItBack() throws IOException {
        Guest guest = VM.guest();
        String ahci = PciDevices.find(guest, PciDevices.ICH9_AHCI);
        String smbus = PciDevices.find(guest, PciDevices.ICH9_SMBUS);

        CommandResult bound = reactor("bind", "--vfio", "--group", "whole", ahci);

        assertThat(bound.exitCode()).as(bound.output()).isZero();
        assertThat(bound.output()).contains("bound " + ahci + " → vfio-pci", smbus + " → vfio-pci");
        assertThat(driverOf(ahci)).isEqualTo("vfio-pci");
        assertThat(driverOf(smbus)).isEqualTo("vfio-pci");

        CommandResult released = reactor("release", smbus);

        assertThat(released.exitCode()).as(released.output()).isZero();
        assertThat(driverOf(smbus)).isEqualTo("i801_smbus");
    }
}
