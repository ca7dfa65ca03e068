package org.udevreactor.reactor.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.RealKernel;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * {@link LinuxPciSysfs} against this host's own kernel: reads of real PCI functions, and the
 * errno of writes the kernel refuses, as the binder sees them. Only writes that name a function
 * that does not exist, so nothing on the host changes.
 */
class HostPciSysfsIT {
    /** No machine has it: bus ff, device 1f, function 7 of domain ffff. */
    private static final PciAddress ABSENT = PciAddress.parse("ffff:ff:1f.7");

    private final LinuxPciSysfs pci = new LinuxPciSysfs(SysfsRoot.system());

    private static List<Path> hostFunctions() throws IOException {
        Path devices = Path.of("/sys/bus/pci/devices");
        RealKernel.require(Files.isDirectory(devices), "this host has no PCI bus in sysfs");
        try (Stream<Path> listing = Files.list(devices)) {
            return listing.sorted().toList();
        }
    }

    @Test
    void function_everyHostFunction_readsAsItsFilesSay() throws IOException {
        for (Path dir : hostFunctions()) {
            PciFunction function = pci.function(PciAddress.parse(dir.getFileName().toString()));

            assertThat(String.format("0x%04x", function.vendor())).isEqualTo(Files.readString(dir.resolve("vendor")).strip());
            assertThat(String.format("0x%06x", function.classCode())).isEqualTo(Files.readString(dir.resolve("class")).strip());
            assertThat(function.modalias()).isEqualTo(Files.readString(dir.resolve("modalias")).strip());
            assertThat(function.driver().isPresent()).isEqualTo(Files.exists(dir.resolve("driver")));
        }
    }

    /**
     * children() finds exactly what an independent walk (Files.walk) of each function's subtree finds: every
     * directory whose {@code subsystem} link is block or net (never following links), and the
     * block devices in their {@code holders/}.
     */
    @Test
    void children_everyHostFunction_areTheBlockAndNetDevicesBelowItsDirectory() throws IOException {
        int withChildren = 0;
        for (Path dir : hostFunctions()) {
            List<ChildDevice> walked = walk(dir.toRealPath());

            List<ChildDevice> children = pci.children(PciAddress.parse(dir.getFileName().toString()));

            assertThat(children).as("children of %s", dir.getFileName()).containsExactlyInAnyOrderElementsOf(walked);
            withChildren += children.isEmpty() ? 0 : 1;
        }
        System.out.println("[host] " + withChildren + " PCI function(s) here have block or network devices below them");
    }

    private static List<ChildDevice> walk(Path function) throws IOException {
        java.util.Set<ChildDevice> found = new java.util.LinkedHashSet<>();
        try (Stream<Path> tree = Files.walk(function)) {
            for (Path dir : tree.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                Path subsystem = dir.resolve("subsystem");
                if (!Files.isSymbolicLink(subsystem)) {
                    continue;
                }
                String kind = Files.readSymbolicLink(subsystem).getFileName().toString();
                if (kind.equals("net")) {
                    found.add(new ChildDevice("net", dir.getFileName().toString(), java.util.Optional.empty()));
                } else if (kind.equals("block")) {
                    addBlock(dir, found);
                }
            }
        }
        return List.copyOf(found);
    }

    private static void addBlock(Path dir, java.util.Set<ChildDevice> found) throws IOException {
        Path dev = dir.resolve("dev");
        if (found.add(new ChildDevice("block", dir.getFileName().toString(),
                Files.exists(dev) ? java.util.Optional.of(Files.readString(dev).strip()) : java.util.Optional.empty()))) {
            try (Stream<Path> holders = Files.list(dir.resolve("holders"))) {
                for (Path holder : holders.toList()) {
                    addBlock(holder.toRealPath(), found);
                }
            }
        }
    }

    @Test
    void write_driversProbeOfAbsentFunction_isEnodevFromTheKernel() {
        RealKernel.require(RealKernel.isRoot(), "needs root to write /sys/bus/pci/drivers_probe; running as "
                + System.getProperty("user.name"));

        assertThatThrownBy(() -> pci.write(PciWrites.probe(ABSENT, "test")))
                .isInstanceOfSatisfying(SysfsException.class, e -> {
                    assertThat(e.errno()).isEqualTo("ENODEV");
                    assertThat(e.isGone()).isTrue();
                })
                .hasMessageContaining("/sys/bus/pci/drivers_probe");
    }

    @Test
    void write_unbindOfAbsentFunctionFromARealDriver_isEnodevFromTheKernel() throws IOException {
        RealKernel.require(RealKernel.isRoot(), "needs root to write a driver's unbind file; running as "
                + System.getProperty("user.name"));
        List<Path> drivers;
        try (Stream<Path> listing = Files.list(Path.of("/sys/bus/pci/drivers"))) {
            drivers = listing.sorted().toList();
        }
        RealKernel.require(!drivers.isEmpty(), "no PCI driver registered on this host");
        String driver = drivers.get(0).getFileName().toString();

        assertThatThrownBy(() -> pci.write(PciWrites.unbind(ABSENT, driver, "test")))
                .isInstanceOfSatisfying(SysfsException.class, e -> assertThat(e.errno()).isEqualTo("ENODEV"));
        assertThat(pci.driverRegistered(driver)).isTrue();
    }
}
