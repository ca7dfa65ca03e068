package org.udevreactor.reactor.sysfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.udevreactor.reactor.pci.PciAddress;

/**
 * Where sysfs is mounted: {@code /sys} on a running system, a fake tree in tests, another mount
 * in a container. Every sysfs path the product reads or writes is resolved here, so pointing this
 * somewhere else re-roots all of them (as mdevd's {@code -s} does).
 */
public final class SysfsRoot {
    public static final Path DEFAULT = Path.of("/sys");

    private final Path root;

    public SysfsRoot(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public static SysfsRoot system() {
        return new SysfsRoot(DEFAULT);
    }

    public Path root() {
        return root;
    }

    /**
     * A path below the root, given as sysfs spells it with or without the leading slash
     * ({@code /devices/pci0000:00/0000:00:02.0}, {@code bus/pci/drivers_probe}). A path that
     * would leave the root ({@code ..}) is refused: devpaths come from the kernel and from
     * command lines, and neither may point outside sysfs.
     */
    public Path resolve(String sysfsPath) {
        String relative = sysfsPath;
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("sysfs path \"" + sysfsPath + "\" leaves " + root);
        }
        return resolved;
    }

    /** {@code /sys/bus/pci/devices/ADDRESS}, a link to the function's directory under /devices. */
    public Path pciDevice(PciAddress address) {
        return root.resolve("bus/pci/devices").resolve(address.toString());
    }

    /** {@code /sys/bus/pci}. */
    public Path pciBus() {
        return root.resolve("bus/pci");
    }

    /** {@code /sys/module/NAME}. */
    public Path module(String name) {
        return root.resolve("module").resolve(name);
    }

    /** {@code /sys/kernel/iommu_groups}. */
    public Path iommuGroups() {
        return root.resolve("kernel/iommu_groups");
    }

    /**
     * The devpath of a path below the root ({@code /devices/...}), following links, as the
     * kernel puts it in DEVPATH.
     *
     * @throws java.nio.file.NoSuchFileException when the path (or a link on the way) is gone
     */
    public String devpath(Path path) throws IOException {
        Path real = path.toRealPath();
        Path realRoot = root.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new IOException(path + " resolves to " + real + ", outside sysfs at " + realRoot);
        }
        return "/" + realRoot.relativize(real).toString();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
