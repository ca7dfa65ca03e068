package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
import org.udevreactor.testfixtures.vm.Json;

/**
 * Scenario: operating a running daemon through its control socket on a real kernel. One guest
 * and one daemon for the class (one coldplug); the tests build on each other in order and the
 * last one stops the daemon. At first only hot-plugged e1000e functions go to VFIO; edu gets its
 * rule in the last test.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    private static final String SOCKET = "/tmp/control.sock";
    private static final String REACTOR = "java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar";
    /** The variant's init waits up to 10 minutes, until the test writes 0: a bind held in progress. */
    private static final String MODPROBE = "options edu_vfio_pci init_delay_ms=600000\n";
    private static final String SETTINGS = """
            [paths]
            rules_dirs = ["/tmp/rules.d"]
            modprobe_dirs = ["/tmp/modprobe.d"]
            state_dir = "/tmp/state"
            [control]
            socket = "/tmp/control.sock"
            """;

    private static GuestProcess daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        Guest guest = VM.guest();
        guest.runOk("mkdir -p /tmp/rules.d /tmp/modprobe.d /tmp/state\n"
                + "cat > /tmp/rules.d/50-hotplug.toml <<'EOF'\n" + GuestPolicies.HOTPLUG_NIC_VFIO + "EOF\n"
                + "cat > /tmp/modprobe.d/edu.conf <<'EOF'\n" + MODPROBE + "EOF\n"
                + "cat > /tmp/reactor.toml <<'EOF'\n" + SETTINGS + "EOF\n");
        daemon = guest.start("reactor", "exec " + REACTOR + " run --config /tmp/reactor.toml");
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!daemon.log().contains("ready: coldplug:")) {
            if (System.nanoTime() > deadline || !daemon.isAlive()) {
                fail("the daemon did not get ready:\n" + daemon.log());
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    void list_daemonAndSysfs_matchLspciOnNamesAndDriversForEveryFunction() throws Exception {
        String out = VM.guest().runOk("set -e\n"
                + REACTOR + " list --json --socket " + SOCKET + " > /tmp/list-daemon.json\n"
                + REACTOR + " list --json --no-daemon --rules-dir /tmp/rules.d > /tmp/list-sysfs.json\n"
                + "lspci -D -vmm -nn -k > /tmp/lspci.txt\n");
        Map<String, Map<String, String>> lspci = lspci(VM.guest().read("/tmp/lspci.txt"));
        assertThat(lspci).as(out).hasSizeGreaterThan(5);

        for (String mode : List.of("daemon", "sysfs")) {
            List<Map<String, Object>> rows = rows(VM.guest().read("/tmp/list-" + mode + ".json"));
            assertThat(rows).extracting(r -> r.get("address")).as(mode).containsExactlyElementsOf(lspci.keySet());
            for (Map<String, Object> row : rows) {
                String at = mode + " " + row.get("address");
                Map<String, String> l = lspci.get((String) row.get("address"));
                assertThat(row.get("source")).as(at).isEqualTo(mode);
                // Without a pci.ids name, lspci -vmm -nn prints "Vendor [1234]": the word, then the id.
                assertThat(name(row, "class_name", "Class")).as(at).isEqualTo(l.get("Class"));
                assertThat(name(row, "vendor_name", "Vendor")).as(at).isEqualTo(l.get("Vendor"));
                assertThat(name(row, "device_name", "Device")).as(at).isEqualTo(l.get("Device"));
                assertThat(row.get("driver")).as(at).isEqualTo(l.get("Driver"));
                if (mode.equals("daemon")) {
                    // Every function was coldplugged ("add"); one whose driver the coldplug loaded has the
                    // kernel's "bind" since.
                    assertThat(row.get("last_action")).as(at).isIn("add", "bind");
                    assertThat((String) row.get("result")).as(at).isNotEmpty();
                } else {
                    assertThat(row.get("last_action")).as(at).isNull();
                }
            }
        }
    }

    @Test
    @Order(2)
    void settle_afterAHotplug_returnsOnlyOnceTheBindIsDone() throws Exception {
        Guest guest = VM.guest();
        List<String> before = guest.runOk("ls /sys/bus/pci/devices").lines().toList();
        guest.hotplug("e1000e", GuestSpec.rootPortId(1));
        // The kernel has the function (and has sent its uevent); the daemon may not have it yet.
        guest.await("ls /sys/bus/pci/devices | grep -qv -e '" + String.join("' -e '", before) + "'", Duration.ofSeconds(60));
        String added = guest.runOk("ls /sys/bus/pci/devices").lines().filter(d -> !before.contains(d)).findFirst().orElseThrow();

        // settle, then at once (same script, no polling) where the function is.
        String after = guest.runOk(REACTOR + " settle --socket " + SOCKET + " --timeout 120 >/tmp/settle.out\n"
                + "basename \"$(readlink " + PciDevices.sysfsPath(added) + "/driver)\"; ls " + PciDevices.sysfsPath(added) + "/vfio-dev\n");

        assertThat(after.lines().toList()).as(daemon.log()).hasSize(2);
        assertThat(after.lines().toList().get(0)).isEqualTo("vfio-pci");
        assertThat(after.lines().toList().get(1)).matches("vfio\\d+");
        assertThat(daemon.log()).contains("[rule hotplug-nic-vfio]: bound " + added);
    }

    @Test
    @Order(3)
    void status_countsTheColdplugTheHotplugAndTheBind() throws Exception {
        Map<String, Object> status = Json.parseObject(VM.guest().runOk(REACTOR + " status --json --socket " + SOCKET).strip());

        assertThat(number(status, "events", "by_source", "coldplug")).isGreaterThan(100);
        assertThat(number(status, "events", "by_source", "kernel")).isPositive();
        assertThat(number(status, "binds", "results", "bound")).isEqualTo(1);
        assertThat(number(status, "binds", "latency_ms", "count")).isEqualTo(1);
        assertThat(number(status, "loads", "results", "Loaded")).as("e1000e, vfio-pci and theirs").isPositive();
        assertThat(number(status, "loads", "kernel_calls")).isPositive();
        assertThat(number(status, "lookups")).isPositive();
        assertThat(number(status, "queue", "waiting")).isZero();
        assertThat(at(status, "index", "kernel")).isEqualTo(VM.guest().runOk("uname -r").strip());
    }

    /**
     * The daemon's guarantee: on SIGTERM it stops taking events, then finishes every event already
     * queued or in progress (up to 75 s) before it stops; a bind is completed and verified (or
     * rolled back if a step fails), never cut between its writes.
     */
    @Test
    @Order(4)
    void sigtermDuringABind_theBindCompletesBeforeExit() throws Exception {
        Guest guest = VM.guest();
        String edu = PciDevices.find(guest, PciDevices.EDU);
        assertThat(PciDevices.driverOf(guest, edu)).isEqualTo("none");
        guest.runOk("cat > /tmp/rules.d/60-edu.toml <<'EOF'\n" + GuestPolicies.EDU_VFIO + "EOF\n"
                + REACTOR + " reload --socket " + SOCKET + "\n"
                // A kernel "add" for edu: the daemon binds it, loading the variant, whose init now waits.
                + "echo add > " + PciDevices.sysfsPath(edu) + "/uevent\n");
        guest.await("[ -e /sys/module/edu_vfio_pci/parameters/init_delay_ms ]", Duration.ofMinutes(2));
        assertThat(guest.read("/sys/module/edu_vfio_pci/initstate").strip()).isEqualTo("coming");

        daemon.signal("TERM");
        Thread.sleep(3000);
        assertThat(daemon.isAlive()).as("still finishing the bind:\n" + daemon.log()).isTrue();
        guest.runOk("echo 0 > /sys/module/edu_vfio_pci/parameters/init_delay_ms");
        daemon.awaitExit(Duration.ofMinutes(2));

        assertThat(PciDevices.driverOf(guest, edu)).as(daemon.log()).isEqualTo("edu_vfio_pci");
        assertThat(PciDevices.vfioDev(guest, edu)).singleElement().asString().matches("vfio\\d+");
        assertThat(PciDevices.override(guest, edu)).isEqualTo("edu_vfio_pci");
        assertThat(daemon.log()).contains("[rule edu-vfio]: bound " + edu).doesNotContain("interrupted");
        assertThat(guest.run("[ -e " + SOCKET + " ]").succeeded()).as("the socket is removed on exit").isFalse();
    }

    private static List<Map<String, Object>> rows(String jsonLines) {
        return jsonLines.lines().filter(l -> !l.isBlank()).map(Json::parseObject).toList();
    }

    private static String name(Map<String, Object> row, String field, String fallback) {
        return row.get(field) == null ? fallback : (String) row.get(field);
    }

    /** The value at a path of keys in nested objects; null when a key is missing. */
    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> object, String... keys) {
        Object value = object;
        for (String key : keys) {
            value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
        }
        return value;
    }

    private static long number(Map<String, Object> object, String... keys) {
        Object value = at(object, keys);
        assertThat(value).as(String.join(".", keys) + " in " + object).isInstanceOf(Number.class);
        return ((Number) value).longValue();
    }

    /**
     * lspci -D -vmm -nn -k: records of "Key:\tValue" lines, by slot; names without their "[id]"
     * suffix, and "Driver" only when one is bound.
     */
    private static Map<String, Map<String, String>> lspci(String text) {
        Map<String, Map<String, String>> bySlot = new TreeMap<>();
        for (String record : text.split("\n\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : record.split("\n")) {
                int tab = line.indexOf(":\t");
                if (tab > 0) {
                    fields.put(line.substring(0, tab), line.substring(tab + 2).replaceFirst(" \\[[0-9a-f]{2,4}]$", ""));
                }
            }
            if (fields.containsKey("Slot")) {
                bySlot.put(fields.get("Slot"), fields);
            }
        }
        return bySlot;
    }
}
