package org.udevreactor.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;

/** Snapshots of representative devices, made the way the daemon makes them: from a uevent. */
final class Devices {
    private Devices() {
    }

    /** The uevent the kernel sends for a PCI function (drivers/pci/pci-driver.c, pci_uevent). */
    static Uevent pciUevent(String address, int vendor, int device, int subvendor, int subdevice, int classCode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ACTION", "add");
        p.put("DEVPATH", "/devices/pci0000:00/" + address);
        p.put("SUBSYSTEM", "pci");
        p.put("PCI_CLASS", String.format("%X", classCode));
        p.put("PCI_ID", String.format("%04X:%04X", vendor, device));
        p.put("PCI_SUBSYS_ID", String.format("%04X:%04X", subvendor, subdevice));
        p.put("PCI_SLOT_NAME", address);
        p.put("MODALIAS", String.format("pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", vendor, device, subvendor, subdevice,
                classCode >> 16, (classCode >> 8) & 0xff, classCode & 0xff));
        p.put("SEQNUM", "1000");
        return new Uevent(UeventAction.ADD, "/devices/pci0000:00/" + address, "pci", 1000, p, UeventOrigin.KERNEL);
    }

    static DeviceSnapshot pci(String address, int vendor, int device, int classCode) {
        return DeviceSnapshot.fromUevent(pciUevent(address, vendor, device, 0, 0, classCode));
    }

    /** A GTX 1080 (10de:1b80, display controller 0x030000) at 01:00.0. */
    static DeviceSnapshot nvidiaGpu(boolean bootVga) {
        return DeviceSnapshot.fromUevent(pciUevent("0000:01:00.0", 0x10de, 0x1b80, 0x1043, 0x85f4, 0x030000))
                .withBootVga(bootVga);
    }

    static DeviceSnapshot usb(String product, String modalias) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ACTION", "add");
        p.put("DEVPATH", "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0");
        p.put("SUBSYSTEM", "usb");
        p.put("DEVTYPE", "usb_interface");
        p.put("PRODUCT", product);
        p.put("MODALIAS", modalias);
        p.put("SEQNUM", "1001");
        return DeviceSnapshot.fromUevent(new Uevent(UeventAction.ADD, p.get("DEVPATH"), "usb", 1001, p, UeventOrigin.KERNEL));
    }

    static DeviceSnapshot block(String name) {
        Map<String, String> p = Map.of("ACTION", "add", "DEVPATH", "/devices/virtual/block/" + name, "SUBSYSTEM", "block",
                "DEVTYPE", "disk", "SEQNUM", "1002");
        return DeviceSnapshot.fromUevent(new Uevent(UeventAction.ADD, p.get("DEVPATH"), "block", 1002, p, UeventOrigin.KERNEL))
                .withDriver(Optional.empty());
    }
}
