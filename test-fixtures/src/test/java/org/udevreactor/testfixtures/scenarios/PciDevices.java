package org.udevreactor.testfixtures.scenarios;

import java.io.IOException;
import java.util.List;
import org.udevreactor.testfixtures.vm.Guest;

/** Finding the guest's PCI devices by vendor and device id, as sysfs shows them. */
final class PciDevices {
    /** QEMU's edu device. */
    static final String EDU = "0x1234 0x11e8";
    /** Intel 82574L, emulated by QEMU's e1000e. */
    static final String E1000E = "0x8086 0x10d3";
    /** The q35 chipset's SMBus controller (ICH9, 00:1f.3), driven by i2c_i801. */
    static final String ICH9_SMBUS = "0x8086 0x2930";
    /** The q35 chipset's AHCI controller (ICH9, 00:1f.2). */
    static final String ICH9_AHCI = "0x8086 0x2922";

    private PciDevices() {
    }

    /** The BDF (e.g. 0000:00:0a.0) of the only device with these ids; fails if there is not exactly one. */
    static String find(Guest guest, String vendorAndDevice) throws IOException {
        String found = guest.runOk("for d in /sys/bus/pci/devices/*; do"
                + " [ \"$(cat $d/vendor) $(cat $d/device)\" = '" + vendorAndDevice + "' ] && echo ${d##*/}; done; true")
                .strip();
        if (found.isEmpty() || found.contains("\n")) {
            throw new IOException("expected one PCI device " + vendorAndDevice + " in the guest, found: '" + found + "'");
        }
        return found;
    }

    static String sysfsPath(String bdf) {
        return "/sys/bus/pci/devices/" + bdf;
    }

    /** The name of the driver bound to the function now, or "none". */
    static String driverOf(Guest guest, String bdf) throws IOException {
        return guest.runOk("if [ -e " + sysfsPath(bdf) + "/driver ]; then basename \"$(readlink "
                + sysfsPath(bdf) + "/driver)\"; else echo none; fi").strip();
    }

    /** The function's driver_override as the kernel shows it: "(null)" when none is set. */
    static String override(Guest guest, String bdf) throws IOException {
        return guest.read(sysfsPath(bdf) + "/driver_override").strip();
    }

    /** The entries of its vfio-dev/ directory: one vfioN while a VFIO driver holds it. */
    static List<String> vfioDev(Guest guest, String bdf) throws IOException {
        return guest.runOk("ls " + sysfsPath(bdf) + "/vfio-dev 2>/dev/null; true").lines().toList();
    }
}
