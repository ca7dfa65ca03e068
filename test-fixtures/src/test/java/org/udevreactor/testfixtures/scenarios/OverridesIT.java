package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
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
 * Scenario: the operator's commands on a real kernel. {@code reactor explain} says what binding
 * edu and e1000e would do and changes nothing; {@code reactor set-override} binds edu and keeps a
 * drop-in; after the binding is undone by hand (as a reboot leaves the device: no driver, no
 * override), a fresh {@code reactor run --once} (coldplug applies the policy) binds it again from
 * that file; {@code reactor unset-override} releases it and removes the file. One guest for the
 * class; the tests build on each other in order. The guest's /etc is the host's, read-only, so
 * the policy lives in /tmp directories given with --rules-dir (and to the daemon in its settings).
 */
// Per test; the boot in beforeAll has its own limits. TCG on shared cores is slow, so generous.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverridesIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    /** Policy for explain only: both devices to VFIO. */
    private static final String EXPLAIN_RULES = "/tmp/explain-rules";
    /** The drop-in directories set-override writes to and the daemon reads: vendor, admin. */
    private static final String VENDOR_RULES = "/tmp/rules/usr";
    private static final String ADMIN_RULES = "/tmp/rules/etc";

    private static String edu;
    private static String nic;

    @BeforeAll
    static void setUp() throws IOException {
        Guest guest = VM.guest();
        edu = PciDevices.find(guest, PciDevices.EDU);
        nic = PciDevices.find(guest, PciDevices.E1000E);
        // The NIC starts on its host driver, as on a machine where udev loaded it.
        guest.runOk("modprobe e1000e");
        guest.await("[ -e " + PciDevices.sysfsPath(nic) + "/driver ]", Duration.ofSeconds(30));
        guest.runOk("mkdir -p " + EXPLAIN_RULES + " " + VENDOR_RULES + " " + ADMIN_RULES + " /tmp/no-modprobe.d /tmp/state\n"
                + "cat > " + EXPLAIN_RULES + "/50-passthrough.toml <<'EOF'\n"
                + "[[rule]]\nname = \"edu\"\naction = \"vfio\"\n[rule.match]\nvendor = \"1234\"\ndevice = \"11e8\"\n\n"
                + "[[rule]]\nname = \"nic\"\naction = \"vfio\"\n[rule.match]\nvendor = \"8086\"\ndevice = \"10d3\"\nEOF\n"
                // Everything but what an override decides is left alone, so the daemon's coldplug loads nothing else.
                + "cat > " + VENDOR_RULES + "/99-leave-the-rest.toml <<'EOF'\n"
                + "[[rule]]\nname = \"leave-the-rest\"\naction = \"ignore\"\nreason = \"this scenario tests overrides only\"\n"
                + "match.subsystem = \"*\"\nEOF\n");
    }

    private static CommandResult reactor(String... args) throws IOException {
        return VM.guest().run("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar " + String.join(" ", args)
                + " --config-dir /tmp/no-modprobe.d\n");
    }

    /** reactor list-overrides over the scenario's drop-in directories. */
    private static CommandResult listOverrides() throws IOException {
        return VM.guest().run("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar list-overrides --rules-dir "
                + VENDOR_RULES + " --rules-dir " + ADMIN_RULES + "\n");
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

    private static String overrideFile() {
        return ADMIN_RULES + "/00-override-" + edu + ".toml";
    }

    @Test
    @Order(1)
    void explain_edu_namesTheVariantGroupAndWritesAndChangesNothing() throws IOException {
        CommandResult result = reactor("explain", "--rules-dir", EXPLAIN_RULES, edu);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("device " + edu + " (/devices/",
                "  vendor:dev:  1234:11e8 Vendor 1234 Device 11e8",
                "decision: bind vfio (best variant, else vfio-pci)",
                "rule \"edu\" (" + EXPLAIN_RULES + "/50-passthrough.toml:1) matched",
                "load edu_vfio_pci ",
                "  1. edu_vfio_pci (module edu_vfio_pci)",
                "vfio-pci (module vfio_pci)",
                "  chosen: edu_vfio_pci",
                "iommu: IOMMU group ",
                "\"edu_vfio_pci\" > /sys/bus/pci/devices/" + edu + "/driver_override",
                "\"" + edu + "\" > /sys/bus/pci/drivers_probe");
        assertThat(driverOf(edu)).isEqualTo("none");
        assertThat(override(edu)).isEqualTo("(null)");
        assertThat(VM.guest().run("[ -d /sys/module/edu_vfio_pci ]").succeeded()).as("explain loads nothing").isFalse();
    }

    @Test
    @Order(2)
    void explain_e1000e_namesVfioPciTheUnbindAndLeavesItOnE1000e() throws IOException {
        CommandResult result = reactor("explain", "--rules-dir", EXPLAIN_RULES, "--json", nic);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("\"name\" : \"Intel Corporation\"", "\"name\" : \"82574L Gigabit Network Connection\"",
                "\"name\" : \"Ethernet controller\"", "\"chosen\" : \"vfio-pci\"", "\"viable\" : true",
                "\"path\" : \"/sys/bus/pci/drivers/e1000e/unbind\"", "\"value\" : \"" + nic + "\"");
        CommandResult text = reactor("explain", "--rules-dir", EXPLAIN_RULES, nic);
        assertThat(text.output()).contains("  driver:      e1000e", "  1. vfio-pci (module vfio_pci)",
                "\"vfio-pci\" > /sys/bus/pci/devices/" + nic + "/driver_override",
                "\"" + nic + "\" > /sys/bus/pci/drivers/e1000e/unbind",
                "\"" + nic + "\" > /sys/bus/pci/drivers_probe");
        assertThat(driverOf(nic)).isEqualTo("e1000e");
        assertThat(override(nic)).isEqualTo("(null)");
    }

    @Test
    @Order(3)
    void setOverride_eduVfio_writesTheDropInAndBindsTheVariant() throws IOException {
        CommandResult result = reactor("set-override", "--rules-dir", VENDOR_RULES, "--rules-dir", ADMIN_RULES, edu, "vfio");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("wrote " + overrideFile(), "bound " + edu + " → edu_vfio_pci (vfio-dev/vfio");
        assertThat(driverOf(edu)).isEqualTo("edu_vfio_pci");
        assertThat(vfioDev(edu)).singleElement().asString().matches("vfio\\d+");
        assertThat(VM.guest().read(overrideFile())).contains("action = \"vfio\"", "address = \"" + edu + "\"");
        CommandResult list = listOverrides();
        assertThat(list.output()).contains(edu + "  vfio           edu_vfio_pci   " + overrideFile());
    }

    @Test
    @Order(4)
    void reactorRun_afterTheDeviceLostItsBinding_bindsItAgainFromTheDropIn() throws IOException {
        Guest guest = VM.guest();
        // What a reboot leaves: the device without driver and without driver_override.
        guest.runOk("echo " + edu + " > " + PciDevices.sysfsPath(edu) + "/driver/unbind\n"
                + "echo > " + PciDevices.sysfsPath(edu) + "/driver_override\n");
        assertThat(driverOf(edu)).isEqualTo("none");
        assertThat(override(edu)).isEqualTo("(null)");
        guest.runOk("cat > /tmp/reactor.toml <<'EOF'\n[paths]\nstate_dir = \"/tmp/state\"\n"
                + "rules_dirs = [\"" + VENDOR_RULES + "\", \"" + ADMIN_RULES + "\"]\nmodprobe_dirs = [\"/tmp/no-modprobe.d\"]\nEOF\n");

        CommandResult run = guest.run("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar run --once "
                + "--config /tmp/reactor.toml\n", Duration.ofMinutes(4));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ready");
        assertThat(driverOf(edu)).as(run.output()).isEqualTo("edu_vfio_pci");
        assertThat(override(edu)).isEqualTo("edu_vfio_pci");
        assertThat(vfioDev(edu)).hasSize(1);
        assertThat(driverOf(nic)).as("the rest was left alone").isEqualTo("e1000e");
    }

    @Test
    @Order(5)
    void unsetOverride_edu_releasesItAndRemovesTheFile() throws IOException {
        CommandResult result = reactor("unset-override", "--rules-dir", VENDOR_RULES, "--rules-dir", ADMIN_RULES, edu);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("removed " + overrideFile(), "released: " + edu);
        assertThat(driverOf(edu)).isEqualTo("none");
        assertThat(override(edu)).isEqualTo("(null)");
        assertThat(vfioDev(edu)).isEmpty();
        assertThat(VM.guest().run("[ -e " + overrideFile() + " ]").succeeded()).isFalse();
        CommandResult list = listOverrides();
        assertThat(list.output()).contains("no overrides in " + ADMIN_RULES);
    }
}
