package org.udevreactor.testfixtures.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a guest boots with. The standard guest has the three devices the scenarios rely on,
 * each with a QEMU id, plus empty PCIe root ports ("rp1".."rpN") to hotplug into: a root
 * port takes exactly one device.
 *
 * @param memoryMib guest RAM; the JVM inside needs a few hundred MiB
 * @param devices QEMU {@code -device} values present from boot
 * @param spareRootPorts how many empty root ports to add for hotplug
 * @param reactorJar the project's executable jar; its directory is shared at /opt/reactor
 * @param cpus emulated vCPUs: 1 for the scenarios; more (QEMU's multi-threaded TCG, one host
 *             thread per vCPU) only for a benchmark that holds the machine to itself
 */
public record GuestSpec(int memoryMib, List<String> devices, int spareRootPorts, Path reactorJar, int cpus) {
    /** 8086:10d3, bound by e1000e. */
    public static final String E1000E = "e1000e,id=nic0";
    /** 1234:11e8, QEMU's teaching device: no driver in the kernel, a test variant driver for VFIO. */
    public static final String EDU = "edu,id=edu0";
    /** 1af4:1041, modern-only virtio-net. */
    public static final String VIRTIO_NET_MODERN = "virtio-net-pci,disable-legacy=on,id=vnet0";

    public GuestSpec {
        if (memoryMib < 256) {
            throw new IllegalArgumentException("memoryMib must be at least 256, got " + memoryMib);
        }
        if (spareRootPorts < 0 || spareRootPorts > 16) {
            throw new IllegalArgumentException("spareRootPorts must be 0..16, got " + spareRootPorts);
        }
        if (cpus < 1 || cpus > 8) {
            throw new IllegalArgumentException("cpus must be 1..8, got " + cpus);
        }
        devices = List.copyOf(devices);
        Objects.requireNonNull(reactorJar, "reactorJar");
    }

    /** One vCPU, as every scenario runs. */
    public GuestSpec(int memoryMib, List<String> devices, int spareRootPorts, Path reactorJar) {
        this(memoryMib, devices, spareRootPorts, reactorJar, 1);
    }

    /** e1000e, edu and modern virtio-net; three spare root ports; the jar named by -Dreactor.jar. */
    public static GuestSpec standard() {
        return new GuestSpec(1536, List.of(E1000E, EDU, VIRTIO_NET_MODERN), 3, defaultReactorJar());
    }

    public GuestSpec withDevice(String qemuDevice) {
        List<String> more = new ArrayList<>(devices);
        more.add(qemuDevice);
        return new GuestSpec(memoryMib, more, spareRootPorts, reactorJar, cpus);
    }

    public GuestSpec withCpus(int count) {
        return new GuestSpec(memoryMib, devices, spareRootPorts, reactorJar, count);
    }

    /** The failsafe configuration sets -Dreactor.jar; by hand it is ../reactor/target/reactor.jar. */
    static Path defaultReactorJar() {
        String configured = System.getProperty("reactor.jar");
        return configured != null ? Path.of(configured) : Path.of("../reactor/target/reactor.jar");
    }

    public static String rootPortId(int n) {
        return "rp" + n;
    }
}
