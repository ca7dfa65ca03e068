package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;

/**
 * {@link Policy#needsSysfs}: the daemon skips reading a device from sysfs when it says false, so
 * false must mean that nothing sysfs could add (driver, boot_vga, attributes) changes the decision.
 */
class NeedsSysfsTest {
    @TempDir
    Path temp;

    /** What a sysfs read can add to a snapshot made from a uevent, in every combination the tests try. */
    private static List<DeviceSnapshot> completions(DeviceSnapshot fromEvent) {
        List<DeviceSnapshot> out = new ArrayList<>();
        for (Optional<String> driver : List.of(Optional.<String>empty(), Optional.of("e1000e"), Optional.of("nouveau"), Optional.of("vfio-pci"))) {
            for (Optional<Boolean> bootVga : List.of(Optional.<Boolean>empty(), Optional.of(true), Optional.of(false))) {
                for (Map<String, String> attributes : List.of(Map.<String, String>of(), Map.of("sriov_totalvfs", "8", "power/control", "auto"))) {
                    DeviceSnapshot s = fromEvent.withDriver(driver).withAttributes(attributes);
                    out.add(bootVga.isPresent() ? s.withBootVga(bootVga.get()) : s);
                }
            }
        }
        return out;
    }

    private static DeviceSnapshot tty(String name, UeventAction action) {
        String devpath = "/devices/virtual/tty/" + name;
        Map<String, String> p = Map.of("ACTION", action.wireName(), "DEVPATH", devpath, "SUBSYSTEM", "tty",
                "MAJOR", "4", "MINOR", "1", "DEVNAME", name, "SEQNUM", "2000");
        return DeviceSnapshot.fromUevent(new Uevent(action, devpath, "tty", 2000, p, UeventOrigin.KERNEL));
    }

    private static List<DeviceSnapshot> devices() {
        return List.of(
                Devices.pci("0000:00:19.0", 0x8086, 0x10d3, 0x020000),
                Devices.pci("0000:03:02.0", 0x8086, 0x154c, 0x020000),
                Devices.pci("0000:03:02.1", 0x8086, 0x154c, 0x020000),
                Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000),
                Devices.pci("0000:01:00.1", 0x10de, 0x10f0, 0x040300),
                Devices.pci("0000:00:14.0", 0x8086, 0xa36d, 0x0c0330),
                Devices.usb("2040/8268/1", "usb:v2040p8268d0001dc00dsc00dp00icFFiscFFipFFin00"),
                Devices.usb("403/6001/600", "usb:v0403p6001d0600dc00dsc00dp00icFFisc00ip00in00"),
                Devices.block("loop0"),
                tty("tty1", UeventAction.CHANGE),
                tty("ttyS0", UeventAction.ADD));
    }

    @Test
    void needsSysfs_whenFalse_noSysfsFactChangesTheDecision() {
        int skipped = 0;
        int read = 0;
        for (String file : List.of("passthrough.toml", "first-match.toml", "force.toml", "every-key.toml")) {
            Policy policy = Fixtures.policy(file);
            for (DeviceSnapshot device : devices()) {
                if (policy.needsSysfs(device)) {
                    read++;
                    continue;
                }
                skipped++;
                Decision fromEvent = policy.decide(device);
                for (DeviceSnapshot completed : completions(device)) {
                    assertThat(policy.decide(completed)).as("%s, %s completed as %s", file, device.devpath(), completed)
                            .isEqualTo(fromEvent);
                }
            }
        }
        // Both answers occur, so neither half of the test is vacuous.
        assertThat(skipped).isGreaterThan(10);
        assertThat(read).isGreaterThan(5);
    }

    @Test
    void needsSysfs_bindingRuleWithoutForceOnAPciFunction_readsForTheBootVgaGuard() {
        Policy passthrough = Fixtures.policy("passthrough.toml");

        assertThat(passthrough.needsSysfs(Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000))).isTrue();
        // release does not unbind the console
        assertThat(passthrough.needsSysfs(Devices.pci("0000:03:00.0", 0x8086, 0x1572, 0x020000))).isFalse();
        // no rule for it: the MODALIAS autoload needs nothing from sysfs
        assertThat(passthrough.needsSysfs(Devices.pci("0000:00:19.0", 0x8086, 0x10d3, 0x020000))).isFalse();
        assertThat(passthrough.needsSysfs(Devices.block("loop0"))).isFalse();
    }

    @Test
    void needsSysfs_bootVgaCondition_readsEvenWithForce() {
        assertThat(Fixtures.policy("force.toml").needsSysfs(Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000))).isTrue();
        assertThat(Fixtures.policy("force.toml").needsSysfs(Devices.pci("0000:00:19.0", 0x8086, 0x10d3, 0x020000))).isFalse();
    }

    @Test
    void needsSysfs_driverInARulesExclude_readsForDevicesTheRuleCouldMatchOnly() {
        Policy firstMatch = Fixtures.policy("first-match.toml");

        assertThat(firstMatch.needsSysfs(Devices.pci("0000:00:19.0", 0x8086, 0x10d3, 0x020000))).isTrue();
        assertThat(firstMatch.needsSysfs(Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000))).isFalse();
        assertThat(firstMatch.needsSysfs(tty("tty1", UeventAction.CHANGE))).isFalse();
    }

    @Test
    void needsSysfs_anEarlierRuleDecidingFromTheEvent_spareTheReadALaterDriverRuleWouldNeed() {
        Policy everyKey = Fixtures.policy("every-key.toml");

        // "subsystem" (usb, pc?) decides for USB before "driver" is reached ...
        assertThat(everyKey.needsSysfs(Devices.usb("2040/8268/1", "usb:v2040p8268d0001dc00dsc00dp00icFFiscFFipFFin00"))).isFalse();
        // ... "action" (change) for a tty's change ...
        assertThat(everyKey.needsSysfs(tty("tty1", UeventAction.CHANGE))).isFalse();
        // ... but a tty's add reaches "driver".
        assertThat(everyKey.needsSysfs(tty("ttyS0", UeventAction.ADD))).isTrue();
    }

    @Test
    void needsSysfs_attributeRuleForPciOnly_readsPciFunctionsNotTtys() throws IOException {
        Path file = Files.writeString(temp.resolve("50-attr.toml"), """
                [[rule]]
                name = "sriov-capable"
                action = "ignore"
                [rule.match]
                subsystem = "pci"
                attributes = { sriov_totalvfs = "[1-9]*" }
                """);
        Policy policy = ((LoadResult.Loaded) PolicyLoader.loadFiles(List.of(file))).policy();

        assertThat(policy.needsSysfs(Devices.pci("0000:03:00.0", 0x8086, 0x1572, 0x020000))).isTrue();
        assertThat(policy.needsSysfs(tty("tty1", UeventAction.CHANGE))).isFalse();
        assertThat(policy.needsSysfs(Devices.block("loop0"))).isFalse();
    }

    @Test
    void needsSysfs_emptyPolicy_neverReads() {
        assertThat(Policy.EMPTY.needsSysfs(Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000))).isFalse();
    }
}
