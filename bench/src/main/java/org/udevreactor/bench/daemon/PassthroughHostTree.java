package org.udevreactor.bench.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sysfs of a big two-socket passthrough host, generated: 128 CPUs (with their ACPI
 * processors, machinecheck, cpuid, msr and cooling devices), eight PCI root complexes with the
 * chipset and uncore functions, four 4-port E810 NICs (ice) with 64 SR-IOV VFs each (iavf) and
 * every PF and VF's netdev, four datacentre GPUs, an ASPEED BMC VGA (the boot VGA), eight NVMe
 * drives with namespaces and partitions, two SATA disks with their SCSI chain, USB (root hubs, the
 * BMC's keyboard and mouse with HID and input), 200 container veths, ttys, platform and PNP
 * devices, and as many memory blocks as bring the total to the count asked for (memory blocks are
 * what grows with RAM). Every PCI function has an IOMMU group of its own. Kernel layout: see
 * {@link SysfsWriter}.
 */
final class PassthroughHostTree {
    static final int CPUS = 128;
    static final int NIC_PFS = 16;
    static final int VFS_PER_PF = 64;
    static final int GPUS = 4;

    /** A Xeon's MODALIAS, as every CPU sends it (it matches several modules). */
    private static final String CPU_MODALIAS = "cpu:type:x86,ven0000fam0006mod006A:feature:,0000,0001,0002,0003,0004,0005,"
            + "0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0015,0016,0017,0018,0019,001A,001B,001C,001D,001F,"
            + "002B,0034,003A,003B,003D,0068,006A,006B,006C,006D,006F,0070,0072,0074,0075,0076,0078,0079,007C,0080,0081,0082,"
            + "0083,0084,0085,0087,0088,0089,008B,008C,008D,008E,008F,0091,0092,0093,0094,0095,0096,0097,0098,0099,009A,009B,"
            + "009C,009D,009E,00C0,00C5,00C8,00E1,00E3,00E4,00E6,00E7,00EB,00EC,00F0,00F1,00F3,00F5,00F6,00F9,00FA,00FB,00FD,"
            + "00FF,0100,0101,0102,0103,0104,0111,0120,0121,0123,0124,0125,0126,0127,0128,0129,012A,012D,012E,012F,0130,0132,"
            + "0133,0134,0137,0138,0139,013C,013E,013F,0140,0141,0142,0143,0160,0161,0162,0163,0164,0165,0171,01C0,01C1,01C2,"
            + "01C4,01C5,01C6,01C7,01C9,01CB,0203,0204,020B,024A,025A,025B,025C,025D,025F";
    private static final String[] ROOT_BUSES = {"00", "17", "3a", "5d", "80", "85", "ae", "d7"};

    private final SysfsWriter w;
    private int iommuGroups;
    private int netIndex = 2;
    private int blockMinor;

    private PassthroughHostTree(SysfsWriter writer) {
        this.w = writer;
    }

    /** Writes a tree of exactly {@code devices} devices below {@code root} (which must be empty or absent). */
    static SysfsWriter write(Path root, int devices) {
        SysfsWriter writer = new SysfsWriter(root);
        PassthroughHostTree host = new PassthroughHostTree(writer);
        host.system();
        host.acpiAndPlatform();
        host.pci();
        host.virtualDevices();
        int memoryBlocks = devices - writer.devices();
        if (memoryBlocks < 16) {
            throw new IllegalArgumentException(devices + " devices asked for; the host without memory blocks already has "
                    + writer.devices());
        }
        host.memory(memoryBlocks);
        return writer;
    }

    private void system() {
        w.container("/devices/system/cpu");
        for (int cpu = 0; cpu < CPUS; cpu++) {
            w.busDevice("/devices/system/cpu/cpu" + cpu, "cpu", "MODALIAS=" + CPU_MODALIAS);
            w.busDevice("/devices/system/machinecheck/machinecheck" + cpu, "machinecheck");
            w.classDevice("/devices/virtual/cpuid/cpu" + cpu, "cpuid", "MAJOR=203", "MINOR=" + cpu, "DEVNAME=cpu/" + cpu + "/cpuid");
            w.classDevice("/devices/virtual/msr/msr" + cpu, "msr", "MAJOR=202", "MINOR=" + cpu, "DEVNAME=cpu/" + cpu + "/msr");
            w.classDevice("/devices/virtual/thermal/cooling_device" + cpu, "thermal");
        }
        for (int node = 0; node < 2; node++) {
            w.busDevice("/devices/system/node/node" + node, "node");
        }
        w.busDevice("/devices/system/clockevents/broadcast", "clockevents");
        w.busDevice("/devices/system/clocksource/clocksource0", "clocksource");
        for (int mc = 0; mc < 2; mc++) {
            w.busDevice("/devices/system/edac/mc/mc" + mc, "edac");
        }
    }

    private void memory(int blocks) {
        w.container("/devices/system/memory");
        for (int block = 0; block < blocks; block++) {
            String devpath = w.busDevice("/devices/system/memory/memory" + block, "memory");
            w.attribute(devpath, "state", "online");
            w.attribute(devpath, "phys_index", String.format("%08x", block));
        }
    }

    private void acpiAndPlatform() {
        String sys = "/devices/LNXSYSTM:00";
        w.busDevice(sys, "acpi", "MODALIAS=acpi:LNXSYSTM:");
        w.busDevice(sys + "/LNXPWRBN:00", "acpi", "DRIVER=button", "MODALIAS=acpi:LNXPWRBN:");
        input(sys + "/LNXPWRBN:00/input/input0", 0, "Power Button", "input:b0019v0000p0001e0000-e0,1,k74,ramlsfw");
        String bus = w.busDevice(sys + "/LNXSYBUS:00", "acpi", "MODALIAS=acpi:LNXSYBUS:");
        for (int cpu = 0; cpu < CPUS; cpu++) {
            w.busDevice(String.format("%s/ACPI0007:%02x", bus, cpu), "acpi", "DRIVER=processor", "MODALIAS=acpi:ACPI0007:");
        }
        for (int i = 0; i < ROOT_BUSES.length; i++) {
            String bridge = w.busDevice(String.format("%s/PNP0A08:%02X", bus, i), "acpi", "MODALIAS=acpi:PNP0A08:PNP0A03:");
            for (int d = 0; d < 12; d++) {
                w.busDevice(String.format("%s/device:%02x", bridge, i * 16 + d), "acpi");
            }
        }
        for (int i = 0; i < 8; i++) {
            w.busDevice(String.format("%s/PNP0C0F:%02x", bus, i), "acpi", "MODALIAS=acpi:PNP0C0F:");
        }
        w.busDevice(bus + "/IPI0001:00", "acpi", "MODALIAS=acpi:IPI0001:");
        w.busDevice(bus + "/PNP0C14:00", "acpi", "DRIVER=acpi-wmi", "MODALIAS=acpi:PNP0C14:");
        for (String pnp : new String[] {"PNP0501:00", "PNP0501:01", "PNP0B00:00", "PNP0103:00", "PNP0C02:00", "PNP0C02:01", "PNP0303:00"}) {
            w.busDevice(bus + "/" + pnp, "acpi", "MODALIAS=acpi:" + pnp.substring(0, 7) + ":");
        }
        for (int i = 0; i < 7; i++) {
            w.busDevice(String.format("/devices/pnp0/00:%02x", i), "pnp");
        }
        String serial = w.busDevice("/devices/platform/serial8250", "platform", "DRIVER=serial8250", "MODALIAS=platform:serial8250");
        for (int tty = 0; tty < 32; tty++) {
            w.classDevice(serial + "/tty/ttyS" + tty, "tty", "MAJOR=4", "MINOR=" + (64 + tty), "DEVNAME=ttyS" + tty);
        }
        for (String name : new String[] {"pcspkr", "efi-framebuffer.0", "intel_pmc_core.0", "microcode", "reg-dummy",
                "kgdboc", "alarmtimer.0.auto", "iTCO_wdt", "eisa.0", "efivars.0", "rtc-efi.0", "intel_rapl_msr.0"}) {
            w.busDevice("/devices/platform/" + name, "platform", "MODALIAS=platform:" + name.replaceAll("\\.[0-9a-z.]*$", ""));
        }
        for (int socket = 0; socket < 2; socket++) {
            String coretemp = w.busDevice("/devices/platform/coretemp." + socket, "platform", "DRIVER=coretemp", "MODALIAS=platform:coretemp");
            w.classDevice(coretemp + "/hwmon/hwmon" + socket, "hwmon");
        }
    }

    private void pci() {
        for (int complex = 0; complex < ROOT_BUSES.length; complex++) {
            String bus = ROOT_BUSES[complex];
            String host = w.container("/devices/pci0000:" + bus);
            // Uncore and IIO functions of the CPU on each root bus: no driver for most.
            for (int dev = 0; dev < (complex == 0 || complex == 4 ? 8 : 20); dev++) {
                pciFunction(host, "0000:" + bus + String.format(":%02x.%d", 5 + dev / 4, dev % 4), 0x8086, 0x2020 + dev, 0x088000, null);
            }
        }
        chipset("/devices/pci0000:00");
        // Four E810 cards, one per root port on the second socket's complexes and one on 0x17.
        String[] nicRoots = {"17", "85", "ae", "d7"};
        for (int card = 0; card < NIC_PFS / 4; card++) {
            String port = rootPort("/devices/pci0000:" + nicRoots[card], nicRoots[card], 0);
            int nicBus = Integer.parseInt(nicRoots[card], 16) + 1;
            for (int fn = 0; fn < 4; fn++) {
                String pf = pciFunction(port, String.format("0000:%02x:00.%d", nicBus, fn), 0x8086, 0x1593, 0x020000, "ice");
                w.attribute(pf, "sriov_totalvfs", "256");
                w.attribute(pf, "sriov_numvfs", Integer.toString(VFS_PER_PF));
                netdev(pf, String.format("ens%df%d", card + 1, fn), "ice");
                for (int vf = 0; vf < VFS_PER_PF; vf++) {
                    // Routing IDs after the PFs' (ARI): 256 per bus, so the card's VFs spill onto the next bus.
                    int rid = 8 + fn * VFS_PER_PF + vf;
                    String address = String.format("0000:%02x:%02x.%d", nicBus + rid / 256, rid % 256 / 8, rid % 8);
                    String vfPath = pciFunction(port, address, 0x8086, 0x1889, 0x020000, "iavf");
                    w.link(vfPath, "physfn", pf.substring(1));
                    w.link(pf, "virtfn" + vf, vfPath.substring(1));
                    netdev(vfPath, String.format("ens%df%dv%d", card + 1, fn, vf), "iavf");
                }
            }
        }
        String[] gpuRoots = {"3a", "5d", "80", "ae"};
        for (int gpu = 0; gpu < GPUS; gpu++) {
            String port = rootPort("/devices/pci0000:" + gpuRoots[gpu], gpuRoots[gpu], 1);
            int gpuBus = Integer.parseInt(gpuRoots[gpu], 16) + 0x10;
            String fn = pciFunction(port, String.format("0000:%02x:00.0", gpuBus), 0x10de, 0x2236, 0x030200, null);
            w.attribute(fn, "boot_vga", "0");
        }
        String[] nvmeRoots = {"3a", "3a", "5d", "5d", "80", "80", "85", "85"};
        for (int disk = 0; disk < 8; disk++) {
            String port = rootPort("/devices/pci0000:" + nvmeRoots[disk], nvmeRoots[disk], 2 + disk % 2);
            int nvmeBus = Integer.parseInt(nvmeRoots[disk], 16) + 0x20 + disk % 2;
            String fn = pciFunction(port, String.format("0000:%02x:00.0", nvmeBus), 0x144d, 0xa80a, 0x010802, "nvme");
            String ctrl = w.classDevice(fn + "/nvme/nvme" + disk, "nvme", "MAJOR=241", "MINOR=" + disk, "DEVNAME=nvme" + disk);
            disk(ctrl + "/nvme" + disk + "n1", "nvme" + disk + "n1", 259, 3, "p");
        }
    }

    /** The PCH on root bus 0: SATA with two disks, USB with the BMC's devices, SMBus, LPC, the BMC's VGA. */
    private void chipset(String host) {
        pciFunction(host, "0000:00:00.0", 0x8086, 0x2020, 0x060000, null);
        String sata = pciFunction(host, "0000:00:17.0", 0x8086, 0xa182, 0x010601, "ahci");
        for (int port = 0; port < 2; port++) {
            sataDisk(sata, port);
        }
        String xhci = pciFunction(host, "0000:00:14.0", 0x8086, 0xa1af, 0x0c0330, "xhci_hcd");
        usb(xhci);
        pciFunction(host, "0000:00:1f.0", 0x8086, 0xa1cb, 0x060100, null);
        pciFunction(host, "0000:00:1f.2", 0x8086, 0xa1a1, 0x058000, null);
        pciFunction(host, "0000:00:1f.4", 0x8086, 0xa1a3, 0x0c0500, "i801_smbus");
        pciFunction(host, "0000:00:1f.5", 0x8086, 0xa1a4, 0x0c8000, null);
        pciFunction(host, "0000:00:16.0", 0x8086, 0xa1ba, 0x078000, "mei_me");
        pciFunction(host, "0000:00:11.5", 0x8086, 0xa1d2, 0x010601, "ahci");
        String bridge = rootPort(host, "00", 3);
        String aspeed = pciFunction(bridge, "0000:03:00.0", 0x1a03, 0x1150, 0x060400, "pcieport");
        String vga = pciFunction(aspeed, "0000:04:00.0", 0x1a03, 0x2000, 0x030000, "ast");
        w.attribute(vga, "boot_vga", "1");
        w.classDevice(vga + "/drm/card0", "drm", "MAJOR=226", "MINOR=0", "DEVNAME=dri/card0", "DEVTYPE=drm_minor");
        w.classDevice(vga + "/graphics/fb0", "graphics", "MAJOR=29", "MINOR=0", "DEVNAME=fb0");
    }

    private String rootPort(String host, String bus, int port) {
        return pciFunction(host, String.format("0000:%s:%02x.0", bus, port), 0x8086, 0x2030 + port, 0x060400, "pcieport");
    }

    /** A PCI function with the uevent and id files the kernel gives it, its driver and its IOMMU group. */
    private String pciFunction(String parent, String address, int vendor, int device, int classCode, String driver) {
        int subvendor = vendor == 0x8086 ? 0x8086 : vendor;
        int subdevice = 0x0001;
        String modalias = String.format("pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", vendor, device, subvendor, subdevice,
                classCode >> 16, (classCode >> 8) & 0xff, classCode & 0xff);
        String devpath = w.busDevice(parent + "/" + address, "pci", lines(driver == null ? null : "DRIVER=" + driver,
                String.format("PCI_CLASS=%X", classCode), String.format("PCI_ID=%04X:%04X", vendor, device),
                String.format("PCI_SUBSYS_ID=%04X:%04X", subvendor, subdevice), "PCI_SLOT_NAME=" + address, "MODALIAS=" + modalias));
        w.attribute(devpath, "vendor", String.format("0x%04x", vendor));
        w.attribute(devpath, "device", String.format("0x%04x", device));
        w.attribute(devpath, "subsystem_vendor", String.format("0x%04x", subvendor));
        w.attribute(devpath, "subsystem_device", String.format("0x%04x", subdevice));
        w.attribute(devpath, "class", String.format("0x%06x", classCode));
        w.attribute(devpath, "modalias", modalias);
        w.attribute(devpath, "driver_override", "(null)");
        w.attribute(devpath, "numa_node", address.compareTo("0000:80") < 0 ? "0" : "1");
        w.attribute(devpath, "enable", "1");
        w.attribute(devpath, "irq", "0");
        if (driver != null) {
            w.driver(devpath, "pci", driver);
        }
        String group = Integer.toString(iommuGroups++);
        Path members = w.root().resolve("kernel/iommu_groups").resolve(group).resolve("devices");
        try {
            Files.createDirectories(members);
            Files.createSymbolicLink(members.resolve(address), members.relativize(w.root().resolve(devpath.substring(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.link(devpath, "iommu_group", "kernel/iommu_groups/" + group);
        return devpath;
    }

    private void netdev(String parent, String name, String driver) {
        String devpath = w.classDevice(parent + "/net/" + name, "net", "INTERFACE=" + name, "IFINDEX=" + netIndex++);
        w.attribute(devpath, "address", String.format("02:00:00:%02x:%02x:%02x", netIndex >> 16 & 0xff, netIndex >> 8 & 0xff, netIndex & 0xff));
        w.attribute(devpath, "mtu", "1500");
        w.attribute(devpath, "operstate", driver.equals("ice") ? "up" : "down");
    }

    /** ataN → hostN → target → SCSI device with its class devices → sdX with three partitions. */
    private void sataDisk(String ahci, int port) {
        String ata = w.container(ahci + "/ata" + (port + 1));
        w.classDevice(ata + "/ata_port/ata" + (port + 1), "ata_port");
        String host = w.busDevice(ata + "/host" + port, "scsi", "DEVTYPE=scsi_host");
        w.classDevice(host + "/scsi_host/host" + port, "scsi_host");
        String target = w.busDevice(host + "/target" + port + ":0:0", "scsi", "DEVTYPE=scsi_target");
        String lun = port + ":0:0:0";
        String scsi = w.busDevice(target + "/" + lun, "scsi", "DEVTYPE=scsi_device", "DRIVER=sd", "MODALIAS=scsi:t-0x00");
        w.driver(scsi, "scsi", "sd");
        w.classDevice(scsi + "/scsi_disk/" + lun, "scsi_disk");
        w.classDevice(scsi + "/scsi_device/" + lun, "scsi_device");
        w.classDevice(scsi + "/scsi_generic/sg" + port, "scsi_generic", "MAJOR=21", "MINOR=" + port, "DEVNAME=sg" + port);
        w.classDevice(scsi + "/bsg/" + lun, "bsg", "MAJOR=246", "MINOR=" + port, "DEVNAME=bsg/" + lun);
        String name = "sd" + (char) ('a' + port);
        disk(scsi + "/block/" + name, name, 8, 3, "");
    }

    private void disk(String devpath, String name, int major, int partitions, String partitionInfix) {
        int minor = blockMinor;
        blockMinor += partitions + 1;
        w.classDevice(devpath, "block", "MAJOR=" + major, "MINOR=" + minor, "DEVNAME=" + name, "DEVTYPE=disk", "DISKSEQ=" + (minor + 1));
        w.attribute(devpath, "size", "3750748848");
        for (int p = 1; p <= partitions; p++) {
            String part = name + partitionInfix + p;
            w.classDevice(devpath + "/" + part, "block", "MAJOR=" + major, "MINOR=" + (minor + p), "DEVNAME=" + part,
                    "DEVTYPE=partition", "DISKSEQ=" + (minor + 1), "PARTN=" + p);
        }
    }

    /** Two root hubs; on the first, the BMC's hub with a keyboard and a mouse (HID, input, event, hidraw). */
    private void usb(String xhci) {
        for (int bus = 1; bus <= 2; bus++) {
            String hub = usbDevice(xhci + "/usb" + bus, bus, 1, "1d6b/" + (bus + 1) + "/601", 9);
            usbInterface(hub, bus + "-0:1.0", "usb:v1D6Bp000" + (bus + 1) + "d0601dc09dsc00dp0" + (bus + 2) + "ic09isc00ip00in00", "hub", "9/0/0");
        }
        String bmcHub = usbDevice(xhci + "/usb1/1-1", 1, 2, "46b/ff01/100", 9);
        usbInterface(bmcHub, "1-1:1.0", "usb:v046BpFF01d0100dc09dsc00dp01ic09isc00ip00in00", "hub", "9/0/0");
        String[][] hids = {{"1-1.1", "046B", "FF10", "keyboard", "1"}, {"1-1.2", "046B", "FF11", "mouse", "2"}};
        int inputs = 1;
        for (String[] hid : hids) {
            String dev = usbDevice(bmcHub + "/" + hid[0], 1, 3 + inputs, hid[1].toLowerCase() + "/" + hid[2].toLowerCase() + "/100", 0);
            String iface = usbInterface(dev, hid[0] + ":1.0", "usb:v" + hid[1] + "p" + hid[2] + "d0100dc00dsc00dp00ic03isc01ip0" + hid[4] + "in00",
                    "usbhid", "3/1/" + hid[4]);
            String hidDev = w.busDevice(iface + "/0003:" + hid[1] + ":" + hid[2] + ".000" + inputs, "hid", "DRIVER=hid-generic",
                    "HID_ID=0003:0000" + hid[1] + ":0000" + hid[2], "MODALIAS=hid:b0003g0001v0000" + hid[1] + "p0000" + hid[2]);
            input(hidDev + "/input/input" + inputs, inputs, "BMC virtual " + hid[3], "input:b0003v" + hid[1] + "p" + hid[2] + "e0110-e0,1,4,11,14,k71,72,ramlsfw");
            w.classDevice(hidDev + "/hidraw/hidraw" + (inputs - 1), "hidraw", "MAJOR=240", "MINOR=" + (inputs - 1), "DEVNAME=hidraw" + (inputs - 1));
            inputs++;
        }
    }

    private String usbDevice(String devpath, int bus, int devnum, String product, int deviceClass) {
        String dev = w.busDevice(devpath, "usb", "MAJOR=189", "MINOR=" + ((bus - 1) * 128 + devnum - 1),
                String.format("DEVNAME=bus/usb/%03d/%03d", bus, devnum), "DEVTYPE=usb_device", "DRIVER=usb", "PRODUCT=" + product,
                "TYPE=" + deviceClass + "/0/1", "BUSNUM=" + String.format("%03d", bus), "DEVNUM=" + String.format("%03d", devnum));
        w.driver(dev, "usb", "usb");
        return dev;
    }

    private String usbInterface(String device, String name, String modalias, String driver, String type) {
        String iface = w.busDevice(device + "/" + name, "usb", "DEVTYPE=usb_interface", "DRIVER=" + driver, "INTERFACE=" + type,
                "MODALIAS=" + modalias);
        w.driver(iface, "usb", driver);
        return iface;
    }

    private void input(String devpath, int number, String name, String modalias) {
        w.classDevice(devpath, "input", "PRODUCT=0/0/0/0", "NAME=\"" + name + "\"", "PROP=0", "EV=3", "KEY=10000000000000 0",
                "MODALIAS=" + modalias);
        w.classDevice(devpath + "/event" + number, "input", "MAJOR=13", "MINOR=" + (64 + number), "DEVNAME=input/event" + number);
    }

    private void virtualDevices() {
        for (String name : new String[] {"mem", "null", "port", "zero", "full", "random", "urandom", "kmsg"}) {
            w.classDevice("/devices/virtual/mem/" + name, "mem", "MAJOR=1", "MINOR=1", "DEVNAME=" + name, "DEVMODE=0666");
        }
        for (String name : new String[] {"tty", "console", "ptmx"}) {
            w.classDevice("/devices/virtual/tty/" + name, "tty", "MAJOR=5", "MINOR=0", "DEVNAME=" + name);
        }
        for (int tty = 0; tty < 64; tty++) {
            w.classDevice("/devices/virtual/tty/tty" + tty, "tty", "MAJOR=4", "MINOR=" + tty, "DEVNAME=tty" + tty);
        }
        for (int vc = 0; vc < 7; vc++) {
            w.classDevice("/devices/virtual/vc/vcs" + vc, "vc", "MAJOR=7", "MINOR=" + vc, "DEVNAME=vcs" + vc);
            w.classDevice("/devices/virtual/vc/vcsa" + vc, "vc", "MAJOR=7", "MINOR=" + (128 + vc), "DEVNAME=vcsa" + vc);
        }
        for (String name : new String[] {"autofs", "cpu_dma_latency", "fuse", "hpet", "hw_random", "kvm", "loop-control",
                "mcelog", "rfkill", "snapshot", "tun", "uinput", "vga_arbiter", "vhost-net", "vhost-vsock", "device-mapper",
                "btrfs-control", "userfaultfd", "nvram", "ecryptfs", "vfio", "watchdog"}) {
            w.classDevice("/devices/virtual/misc/" + name, "misc", "MAJOR=10", "MINOR=" + name.length(), "DEVNAME=" + name);
        }
        w.classDevice("/devices/virtual/net/lo", "net", "INTERFACE=lo", "IFINDEX=1");
        for (String name : new String[] {"bond0", "br0", "docker0", "virbr0"}) {
            w.classDevice("/devices/virtual/net/" + name, "net", "INTERFACE=" + name, "IFINDEX=" + netIndex++, "DEVTYPE=bridge");
        }
        for (int veth = 0; veth < 200; veth++) {
            w.classDevice(String.format("/devices/virtual/net/veth%08x", veth * 2654435761L & 0xffffffffL), "net",
                    "INTERFACE=veth" + veth, "IFINDEX=" + netIndex++);
        }
        for (int loop = 0; loop < 8; loop++) {
            w.classDevice("/devices/virtual/block/loop" + loop, "block", "MAJOR=7", "MINOR=" + loop, "DEVNAME=loop" + loop, "DEVTYPE=disk");
            w.classDevice("/devices/virtual/bdi/7:" + loop, "bdi");
        }
        for (int dm = 0; dm < 4; dm++) {
            w.classDevice("/devices/virtual/block/dm-" + dm, "block", "MAJOR=253", "MINOR=" + dm, "DEVNAME=dm-" + dm, "DEVTYPE=disk");
        }
        for (String name : new String[] {"writeback", "scsi_tmf_0", "scsi_tmf_1", "nvme-wq", "kblockd"}) {
            w.classDevice("/devices/virtual/workqueue/" + name, "workqueue");
        }
        w.classDevice("/devices/virtual/dmi/id", "dmi", "MODALIAS=dmi:bvnAmericanMegatrendsInc.:bvr3.2:bd10/15/2023:svnSupermicro:pnSYS-2029:");
        w.classDevice("/devices/virtual/input/mice", "input", "MAJOR=13", "MINOR=63", "DEVNAME=input/mice");
        for (int zone = 0; zone < 2; zone++) {
            w.classDevice("/devices/virtual/thermal/thermal_zone" + zone, "thermal");
        }
        for (int wakeup = 0; wakeup < 40; wakeup++) {
            w.classDevice("/devices/virtual/wakeup/wakeup" + wakeup, "wakeup");
        }
    }

    /** Uevent lines, leaving out nulls. */
    private static String[] lines(String... lines) {
        return java.util.Arrays.stream(lines).filter(java.util.Objects::nonNull).toArray(String[]::new);
    }
}
