package org.udevreactor.testfixtures.scenarios;

/** Policy rules that more than one guest scenario installs. */
final class GuestPolicies {
    /** QEMU's edu device to VFIO: the test variant driver, edu_vfio_pci, is chosen. */
    static final String EDU_VFIO = """
            [[rule]]
            name = "edu-vfio"
            action = "vfio"
            [rule.match]
            vendor = "1234"
            device = "11e8"
            """;
    /** An e1000e plugged into a root port (bus 01 and up) goes to VFIO; the boot NIC (bus 00) is left alone. */
    static final String HOTPLUG_NIC_VFIO = """
            [[rule]]
            name = "hotplug-nic-vfio"
            action = "vfio"
            [rule.match]
            vendor = "8086"
            device = "10d3"
            address = "0000:0[1-9]:*"
            """;

    private GuestPolicies() {
    }
}
