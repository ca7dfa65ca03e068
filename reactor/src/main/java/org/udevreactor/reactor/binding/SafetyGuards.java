package org.udevreactor.reactor.binding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.udevreactor.reactor.pci.ChildDevice;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.rules.Guard;

/**
 * The guards against taking a device the host itself stands on: the boot console, a disk
 * controller with a mounted filesystem below it (the disk, a partition, or a device-mapper or md
 * volume on them), the network interface of the default route. Read from the live system each time,
 * and only what the device can trip: the mounts when it has block devices, the routes when it has
 * network interfaces (reading procfs is dear under emulation, and most devices have neither).
 */
final class SafetyGuards {
    private final PciSysfs pci;
    private final ProcRoot proc;

    SafetyGuards(PciSysfs pci, ProcRoot proc) {
        this.pci = pci;
        this.proc = proc;
    }

    List<GuardCheck> check(PciFunction device) throws IOException {
        List<GuardCheck> checks = new ArrayList<>();
        checks.add(new GuardCheck(Guard.BOOT_VGA, device.address(), device.bootVga(),
                device.bootVga() ? "boot_vga is 1: the firmware's console is on it" : "not the boot VGA device"));
        List<ChildDevice> children = pci.children(device.address());
        List<ChildDevice> blocks = children.stream().filter(c -> c.subsystem().equals("block")).toList();
        List<ChildDevice> nets = children.stream().filter(c -> c.subsystem().equals("net")).toList();
        Map<String, String> mounted = blocks.isEmpty() ? Map.of() : proc.mountedDevices();
        List<String> mounts = new ArrayList<>();
        for (ChildDevice child : blocks) {
            child.majorMinor().filter(mounted::containsKey)
                    .ifPresent(dev -> mounts.add(child.name() + " (" + dev + ") is mounted on " + mounted.get(dev)));
        }
        checks.add(new GuardCheck(Guard.MOUNTED_FILESYSTEM, device.address(), !mounts.isEmpty(),
                mounts.isEmpty() ? "no mounted filesystem on its " + blocks.size() + " block device(s)" : String.join("; ", mounts)));
        Set<String> routed = nets.isEmpty() ? Set.of() : proc.defaultRouteInterfaces();
        List<String> carrying = nets.stream().filter(c -> routed.contains(c.name()))
                .map(ChildDevice::name).toList();
        checks.add(new GuardCheck(Guard.DEFAULT_ROUTE, device.address(), !carrying.isEmpty(),
                carrying.isEmpty() ? "none of its network interfaces carries a default route"
                        : String.join(", ", carrying) + " carries the default route"));
        return checks;
    }
}
