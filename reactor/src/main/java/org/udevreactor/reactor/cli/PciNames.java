package org.udevreactor.reactor.cli;

import java.util.Optional;
import org.udevreactor.reactor.pci.PciIds;
import org.udevreactor.rules.PciIdentity;

/** A PCI function's ids with their pci.ids names, worded as lspci words them. */
record PciNames(PciIdentity id, PciIds ids) {

    Optional<String> vendor() {
        return ids.vendor(id.vendor());
    }

    Optional<String> device() {
        return ids.device(id.vendor(), id.device());
    }

    Optional<String> subsystemVendor() {
        return ids.vendor(id.subvendor());
    }

    Optional<String> subsystem() {
        return ids.subsystem(id.vendor(), id.device(), id.subvendor(), id.subdevice());
    }

    Optional<String> className() {
        return ids.className(id.classCode());
    }

    Optional<String> programmingInterface() {
        return ids.programmingInterface(id.classCode());
    }

    /** "8086:10d3 Intel Corporation 82574L Gigabit Network Connection"; an unnamed id reads "Device 11e8", as in lspci. */
    String deviceLine() {
        return String.format("%04x:%04x %s %s", id.vendor(), id.device(),
                vendor().orElse("Vendor " + hex4(id.vendor())), device().orElse("Device " + hex4(id.device())));
    }

    /** "1af4:1100 Red Hat, Inc. QEMU Virtual Machine", or "... Red Hat, Inc. Device 1100". */
    String subsystemLine() {
        return String.format("%04x:%04x %s %s", id.subvendor(), id.subdevice(),
                subsystemVendor().orElse("Vendor " + hex4(id.subvendor())), subsystem().orElse("Device " + hex4(id.subdevice())));
    }

    /** "0c0330 USB controller (XHCI)", "ff0000 Unassigned class", "0b4000 Class 0b40". */
    String classLine() {
        int code = id.classCode();
        return String.format("%06x %s", code, className().orElse(String.format("Class %04x", code >> 8)))
                + programmingInterface().map(p -> " (" + p + ")").orElse("");
    }

    private static String hex4(int id) {
        return String.format("%04x", id);
    }
}
