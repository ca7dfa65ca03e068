package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;

/** Every match key, each rule of every-key.toml tested on its own against devices that do and do not fit. */
class MatchKeysTest {
    private static final Policy POLICY = Fixtures.policy("every-key.toml");
    private static final DeviceSnapshot GPU = Devices.nvidiaGpu(false);

    private static boolean matches(String rule, DeviceSnapshot device) {
        return Fixtures.rule(POLICY, rule).match().all(device);
    }

    @Test
    void subsystem_globList_matchesAnyOfThem() {
        assertThat(matches("subsystem", GPU)).isTrue();
        assertThat(matches("subsystem", Devices.usb("1/2/3", "usb:v1"))).isTrue();
        assertThat(matches("subsystem", Devices.block("loop0"))).isFalse();
    }

    @Test
    void action_list_matchesThoseActionsOnly() {
        assertThat(matches("action", GPU.withAction(UeventAction.BIND))).isTrue();
        assertThat(matches("action", GPU)).isFalse();
    }

    @Test
    void action_absent_matchesAddOnly() {
        assertThat(matches("subsystem", GPU.withAction(UeventAction.ADD))).isTrue();
        assertThat(matches("subsystem", GPU.withAction(UeventAction.REMOVE))).isFalse();
        assertThat(matches("subsystem", GPU.withAction(UeventAction.CHANGE))).isFalse();
    }

    @Test
    void vendor_hexStringsAnyCase_matchTheId() {
        assertThat(matches("vendor", GPU)).isTrue();
        assertThat(matches("vendor", Devices.pci("0000:02:00.0", 0x1002, 0x73bf, 0x030000))).isTrue();
        assertThat(matches("vendor", Devices.pci("0000:02:00.0", 0x8086, 0x10d3, 0x020000))).isFalse();
        assertThat(matches("vendor", Devices.usb("10de/1/0", "usb:v10DEp0001"))).as("not PCI").isFalse();
    }

    @Test
    void device_tomlHexInteger_matchesTheId() {
        assertThat(matches("device", GPU)).isTrue();
        assertThat(matches("device", Devices.pci("0000:01:00.0", 0x10de, 0x1b81, 0x030000))).isFalse();
    }

    @Test
    void subvendorAndSubdevice_matchTheSubsystemIds() {
        assertThat(matches("subvendor", GPU)).isTrue();
        assertThat(matches("subdevice", GPU)).isTrue();
        assertThat(matches("subvendor", Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000))).isFalse();
        assertThat(matches("subdevice", Devices.pci("0000:01:00.0", 0x10de, 0x1b80, 0x030000))).isFalse();
    }

    @Test
    void class_valueUnderMask_matchesWholeBaseClass() {
        assertThat(matches("class-masked", GPU)).isTrue();
        assertThat(matches("class-masked", Devices.pci("0000:01:00.0", 0x10de, 1, 0x030200))).isTrue();
        assertThat(matches("class-masked", Devices.pci("0000:01:00.1", 0x10de, 1, 0x040300))).isFalse();
    }

    @Test
    void class_integer_matchesExactly() {
        assertThat(matches("class-exact", Devices.pci("0000:03:00.0", 0x8086, 1, 0x020000))).isTrue();
        assertThat(matches("class-exact", Devices.pci("0000:03:00.0", 0x8086, 1, 0x020001))).isFalse();
    }

    @Test
    void class_glob_matchesLowercaseSixDigitsCaseInsensitively() {
        assertThat(matches("class-glob", Devices.pci("0000:00:14.0", 0x8086, 1, 0x0c0330))).isTrue();
        assertThat(matches("class-glob", Devices.pci("0000:00:14.0", 0x8086, 1, 0x0c0340))).isFalse();
    }

    @Test
    void modalias_glob_matchesTheModalias() {
        assertThat(matches("modalias", GPU)).isTrue();
        assertThat(matches("modalias", Devices.pci("0000:01:00.1", 0x10de, 1, 0x040300))).isFalse();
        assertThat(matches("modalias", Devices.block("loop0"))).as("no MODALIAS").isFalse();
    }

    @Test
    void address_glob_matchesThePciSlotName() {
        assertThat(matches("address", GPU)).isTrue();
        assertThat(matches("address", Devices.pci("0000:04:00.0", 0x10de, 1, 0x030000))).isFalse();
    }

    @Test
    void driver_glob_matchesTheCurrentDriver() {
        assertThat(matches("driver", GPU.withDriver(Optional.of("nouveau")))).isTrue();
        assertThat(matches("driver", GPU.withDriver(Optional.of("vfio-pci")))).isFalse();
        assertThat(matches("driver", GPU.withDriver(Optional.empty()))).isFalse();
    }

    @Test
    void driver_emptyString_matchesUnboundDevicesOnly() {
        assertThat(matches("unbound", GPU.withDriver(Optional.empty()))).isTrue();
        assertThat(matches("unbound", GPU.withDriver(Optional.of("nouveau")))).isFalse();
    }

    @Test
    void bootVga_true_matchesTheBootDeviceOnly() {
        assertThat(matches("boot-vga", Devices.nvidiaGpu(true))).isTrue();
        assertThat(matches("boot-vga", Devices.nvidiaGpu(false))).isFalse();
        assertThat(matches("boot-vga", Devices.pci("0000:03:00.0", 0x8086, 1, 0x020000))).as("no boot_vga").isFalse();
    }

    @Test
    void bootVga_false_matchesZeroAndDevicesWithoutTheAttribute() {
        assertThat(matches("not-boot-vga", Devices.nvidiaGpu(false))).isTrue();
        assertThat(matches("not-boot-vga", Devices.pci("0000:03:00.0", 0x8086, 1, 0x020000))).isTrue();
        assertThat(matches("not-boot-vga", Devices.nvidiaGpu(true))).isFalse();
    }

    @Test
    void properties_everyNamedProperty_mustMatchAndBePresent() {
        DeviceSnapshot both = Devices.usb("1/2/3", "usb:v1").withAttributes(Map.of());
        DeviceSnapshot withVendor = new DeviceSnapshot(both.subsystem(), both.action(), both.devpath(), both.pci(),
                both.modalias(), both.driver(), both.bootVga(),
                Map.of("ID_VENDOR_FROM_DATABASE", "NVIDIA Corporation", "DEVTYPE", "usb_device"), Map.of());
        DeviceSnapshot wrongType = new DeviceSnapshot(both.subsystem(), both.action(), both.devpath(), both.pci(),
                both.modalias(), both.driver(), both.bootVga(),
                Map.of("ID_VENDOR_FROM_DATABASE", "NVIDIA Corporation", "DEVTYPE", "usb_interface"), Map.of());

        assertThat(matches("properties", withVendor)).isTrue();
        assertThat(matches("properties", wrongType)).isFalse();
        assertThat(matches("properties", both)).as("ID_VENDOR_FROM_DATABASE absent").isFalse();
    }

    @Test
    void attributes_everyNamedAttribute_mustMatchAndBeRead() {
        DeviceSnapshot pf = Devices.pci("0000:03:00.0", 0x8086, 0x1572, 0x020000);

        assertThat(matches("attributes", pf.withAttributes(Map.of("sriov_totalvfs", "64", "power/control", "auto")))).isTrue();
        assertThat(matches("attributes", pf.withAttributes(Map.of("sriov_totalvfs", "0", "power/control", "auto")))).isFalse();
        assertThat(matches("attributes", pf.withAttributes(Map.of("sriov_totalvfs", "64")))).isFalse();
    }

    @Test
    void attributeNames_policy_listsEveryAttributeToRead() {
        assertThat(POLICY.attributeNames()).containsExactlyInAnyOrder("sriov_totalvfs", "power/control");
    }
}
