package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestExtension;
import org.udevreactor.testfixtures.vm.GuestProcess;
import org.udevreactor.testfixtures.vm.GuestSpec;

/**
 * Scenario: {@code reactor run} as at boot, with a policy, on a real kernel's PCI devices. One
 * guest for the class; the tests build on each other in order. The guest has no udev: every
 * module is loaded by the daemon.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    private static final Duration READY = Duration.ofMinutes(4);
    /** edu to its VFIO variant; an e1000e plugged into a root port (bus 01 and up) to VFIO; the boot NIC is left alone. */
    private static final String POLICY = GuestPolicies.EDU_VFIO + "\n" + GuestPolicies.HOTPLUG_NIC_VFIO;
    private static final String SETTINGS = """
            [paths]
            rules_dirs = ["/tmp/rules.d"]
            modprobe_dirs = ["/tmp/no-modprobe.d"]
            state_dir = "/tmp/state"
            """;

    private static String edu;
    private static String nic;
    private static GuestProcess daemon;
    private static String hotplugged;
    private static String hotplugId;

    @BeforeAll
    static void policy() throws IOException {
        Guest guest = VM.guest();
        edu = PciDevices.find(guest, PciDevices.EDU);
        nic = PciDevices.find(guest, PciDevices.E1000E);
        guest.runOk("mkdir -p /tmp/rules.d /tmp/no-modprobe.d /tmp/state\n"
                + "cat > /tmp/rules.d/50-vm.toml <<'EOF'\n" + POLICY + "EOF\n"
                + "cat > /tmp/reactor.toml <<'EOF'\n" + SETTINGS + "EOF\n");
    }

    private static GuestProcess startDaemon() throws IOException {
        // Debug: removals and devices with nothing to do are logged too.
        return VM.guest().start("reactor", "REACTOR_LOG_LEVEL=DEBUG exec java -XX:TieredStopAtLevel=1 -Xmx256m"
                + " -jar /opt/reactor/reactor.jar run --config /tmp/reactor.toml");
    }

    /** Polls the daemon's log (on the host side of the results share) until it holds {@code text}. */
    private static void awaitLog(GuestProcess process, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!process.log().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("no \"" + text + "\" in the daemon's log within " + timeout + ":\n" + process.log());
            }
            if (!process.isAlive()) {
                fail("the daemon exited before logging \"" + text + "\":\n" + process.log());
            }
            Thread.sleep(200);
        }
    }

    /** "loaded MODULE" results in a log, in order. */
    private static List<String> loadedModules(String log) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:^|[:,;] )loaded ([A-Za-z0-9_-]+)").matcher(log);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    @Order(1)
    void coldplug_loadsTheBootNicsDriverAndBindsEduToTheVariant() throws Exception {
        assertThat(PciDevices.driverOf(VM.guest(), nic)).isEqualTo("none");
        assertThat(PciDevices.driverOf(VM.guest(), edu)).isEqualTo("none");

        daemon = startDaemon();
        awaitLog(daemon, "ready: coldplug:", READY);

        assertThat(PciDevices.driverOf(VM.guest(), nic)).isEqualTo("e1000e");
        assertThat(PciDevices.driverOf(VM.guest(), edu)).isEqualTo("edu_vfio_pci");
        assertThat(PciDevices.vfioDev(VM.guest(), edu)).singleElement().asString().matches("vfio\\d+");
        String log = daemon.log();
        assertThat(log).contains("[rule edu-vfio]: bound " + edu + " → edu_vfio_pci");
        // A module two devices need at once may be reported loaded for both: they shared one kernel call.
        assertThat(loadedModules(log)).contains("e1000e");
        assertThat(VM.guest().run("[ -d /sys/module/edu_vfio_pci ]").succeeded()).as("the binder loaded the variant").isTrue();
    }

    @Test
    @Order(2)
    void hotplug_e1000eMatchingTheVfioRule_endsOnVfioPciWithVfioDev() throws Exception {
        List<String> before = VM.guest().runOk("ls /sys/bus/pci/devices").lines().toList();
        hotplugId = VM.guest().hotplug("e1000e", GuestSpec.rootPortId(1));
        VM.guest().await("ls /sys/bus/pci/devices | grep -qv -e '" + String.join("' -e '", before) + "'", Duration.ofSeconds(60));
        List<String> after = VM.guest().runOk("ls /sys/bus/pci/devices").lines().toList();
        hotplugged = after.stream().filter(d -> !before.contains(d)).findFirst().orElseThrow();

        awaitLog(daemon, "[rule hotplug-nic-vfio]: bound " + hotplugged, Duration.ofMinutes(2));
        assertThat(PciDevices.driverOf(VM.guest(), hotplugged)).isEqualTo("vfio-pci");
        assertThat(PciDevices.vfioDev(VM.guest(), hotplugged)).singleElement().asString().matches("vfio\\d+");
        assertThat(PciDevices.driverOf(VM.guest(), nic)).as("the boot NIC is not matched by the hotplug rule").isEqualTo("e1000e");
    }

    @Test
    @Order(3)
    void unplug_removesTheDeviceFromTheRegistry() throws Exception {
        VM.guest().unplug(hotplugId);
        // The removal's result: "remove DEVPATH (pci) #N: removed" (not "was not known").
        Pattern removed = Pattern.compile("remove /devices/\\S*/" + Pattern.quote(hotplugged) + " \\(pci\\) #\\d+: removed\\n");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!removed.matcher(daemon.log()).find()) {
            if (System.nanoTime() > deadline) {
                fail("no removal of " + hotplugged + " in the daemon's log:\n" + daemon.log());
            }
            Thread.sleep(200);
        }
        assertThat(VM.guest().run("[ -e " + PciDevices.sysfsPath(hotplugged) + " ]").succeeded()).isFalse();
    }

    @Test
    @Order(4)
    void killDuringColdplug_thenRestart_convergesWithoutLoadingAnythingTwice() throws Exception {
        daemon.stop();
        // Back to a machine nothing was done to: edu unbound, its variant and e1000e unloaded.
        VM.guest().runOk("echo " + edu + " > " + PciDevices.sysfsPath(edu) + "/driver/unbind\n"
                + "echo > " + PciDevices.sysfsPath(edu) + "/driver_override\n"
                + "rmmod edu_vfio_pci e1000e\n");
        assertThat(PciDevices.driverOf(VM.guest(), nic)).isEqualTo("none");
        assertThat(PciDevices.driverOf(VM.guest(), edu)).isEqualTo("none");

        GuestProcess first = startDaemon();
        awaitLog(first, "listening to kernel uevents", READY);
        first.kill();
        String firstLog = first.log();
        assertThat(firstLog).doesNotContain("ready:");

        GuestProcess second = startDaemon();
        awaitLog(second, "ready: coldplug:", READY);
        assertThat(PciDevices.driverOf(VM.guest(), nic)).isEqualTo("e1000e");
        assertThat(PciDevices.driverOf(VM.guest(), edu)).isEqualTo("edu_vfio_pci");
        assertThat(PciDevices.vfioDev(VM.guest(), edu)).hasSize(1);
        List<String> loadedFirst = loadedModules(firstLog);
        List<String> loadedSecond = loadedModules(second.log());
        assertThat(loadedSecond).as("modules the killed run had loaded (%s) are live, not loaded again", loadedFirst)
                .noneMatch(loadedFirst::contains);
        second.stop();
    }
}
