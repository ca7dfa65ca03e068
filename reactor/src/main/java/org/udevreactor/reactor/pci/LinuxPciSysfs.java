package org.udevreactor.reactor.pci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.udevreactor.reactor.sysfs.SysfsErrno;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/** {@link PciSysfs} on the files of a sysfs mount. */
public final class LinuxPciSysfs implements PciSysfs {
    /** Deep enough for a partition behind an AHCI/SCSI stack (ataN/hostN/targetN/N:N:N:N/block/sda/sda1), and a bound against a holder cycle. */
    private static final int CHILD_DEPTH = 10;

    private final SysfsRoot sysfs;

    public LinuxPciSysfs(SysfsRoot sysfs) {
        this.sysfs = sysfs;
    }

    @Override
    public PciFunction function(PciAddress address) throws SysfsException {
        return functionWithoutBinding(address).withBinding(binding(address));
    }

    @Override
    public PciFunction functionWithoutBinding(PciAddress address) throws SysfsException {
        Path dir = sysfs.pciDevice(address);
        if (!Files.isDirectory(dir)) {
            throw new SysfsException("read", dir.toString(), "ENODEV");
        }
        int vendor = hex(dir.resolve("vendor"));
        int device = hex(dir.resolve("device"));
        int classCode = hex(dir.resolve("class"));
        String modalias = read(dir.resolve("modalias"));
        Optional<String> group = linkName(dir.resolve("iommu_group"));
        // Only display functions have boot_vga, only SR-IOV physical functions the sriov_* group:
        // a stat that says no spares the exception a failed open costs (most functions have neither).
        boolean bootVga = exists(dir.resolve("boot_vga")) && optional(dir.resolve("boot_vga")).map("1"::equals).orElse(false);
        OptionalInt totalVfs = exists(dir.resolve("sriov_totalvfs")) ? optionalInt(dir.resolve("sriov_totalvfs")) : OptionalInt.empty();
        OptionalInt numVfs = totalVfs.isPresent() ? optionalInt(dir.resolve("sriov_numvfs")) : OptionalInt.empty();
        Optional<Boolean> autoprobe = totalVfs.isPresent() ? optional(dir.resolve("sriov_drivers_autoprobe")).map("1"::equals) : Optional.empty();
        return new PciFunction(address, vendor, device, classCode, modalias, Optional.empty(), Optional.empty(), group, bootVga,
                List.of(), totalVfs, numVfs, autoprobe);
    }

    /**
     * {@code driver_override} first: its read waits for a probe in progress (it takes the device's
     * lock), so the driver link and {@code vfio-dev/} read after it show the probe's outcome.
     */
    @Override
    public PciBinding binding(PciAddress address) throws SysfsException {
        Path dir = sysfs.pciDevice(address);
        String override = read(dir.resolve("driver_override"));
        Optional<String> driver = linkName(dir.resolve("driver"));
        List<String> vfio = names(dir.resolve("vfio-dev"));
        if (!Files.isDirectory(dir)) {
            throw new SysfsException("read", dir.toString(), "ENODEV");
        }
        return new PciBinding(driver, override(override), vfio);
    }

    private static Optional<String> override(String text) {
        return text.equals("(null)") || text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    @Override
    public List<String> iommuGroupMembers(String group) throws SysfsException {
        Path dir = sysfs.iommuGroups().resolve(group).resolve("devices");
        if (!Files.isDirectory(dir)) {
            throw new SysfsException("list", dir.toString(), "ENOENT");
        }
        return names(dir);
    }

    @Override
    public boolean driverRegistered(String driver) {
        return Files.isDirectory(sysfs.pciBus().resolve("drivers").resolve(driver));
    }

    @Override
    public List<String> moduleDrivers(String module) throws SysfsException {
        List<String> drivers = new ArrayList<>();
        for (String entry : names(sysfs.module(module).resolve("drivers"))) {
            if (entry.startsWith("pci:")) {
                drivers.add(entry.substring("pci:".length()));
            }
        }
        return drivers;
    }

    /**
     * By walking the function's subtree (directories only, never following links). Not from
     * {@code /sys/class/block} and {@code /sys/class/net}: those list every block and network
     * device of the machine, so finding a function's among them costs a readlink per device of
     * the machine for every plan; on a passthrough host with a thousand VF netdevs a coldplug
     * that plans a bind for each VF became quadratic (ColdplugBenchmark: 1.0 s to 2.7 s). The
     * walk costs a stat per file below the function, whatever the machine's size.
     */
    @Override
    public List<ChildDevice> children(PciAddress address) throws SysfsException {
        Path dir = sysfs.pciDevice(address);
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw SysfsException.of("resolve", dir.toString(), e);
        }
        Set<ChildDevice> found = new LinkedHashSet<>();
        walk(real, 0, found);
        return List.copyOf(found);
    }

    /**
     * Directories only, never following links (driver, subsystem, firmware_node lead elsewhere),
     * and only where a block or network device can be: not into {@code power/}, the power
     * management attributes every device has (a group holds attributes only, and no child device
     * can take its name), and not into a network interface (its queues and statistics hold no
     * devices) nor a disk (its partitions are found by name, below). Under emulation each stat is
     * dear: a NIC's interface alone has about a hundred entries below it.
     */
    private void walk(Path dir, int depth, Set<ChildDevice> found) throws SysfsException {
        if (depth > CHILD_DEPTH) {
            return;
        }
        for (String name : names(dir)) {
            if (name.equals("power")) {
                continue;
            }
            Path child = dir.resolve(name);
            if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<String> subsystem = linkName(child.resolve("subsystem"));
            if (subsystem.equals(Optional.of("net"))) {
                found.add(new ChildDevice("net", name, Optional.empty()));
            } else if (subsystem.equals(Optional.of("block"))) {
                block(child, found);
                partitions(child, found);
            } else {
                walk(child, depth + 1, found);
            }
        }
    }

    /**
     * A disk's partitions: the directories below it named after it, as the kernel names them
     * (block/partitions/core.c: the disk's name, then "p" when it ends in a digit, then the
     * number: sda1, nvme0n1p1), so the disk's other directories (queue, mq, holders, ...) are
     * not looked at.
     */
    private void partitions(Path disk, Set<ChildDevice> found) throws SysfsException {
        String prefix = disk.getFileName().toString();
        for (String name : names(disk)) {
            if (name.length() > prefix.length() && name.startsWith(prefix)) {
                Path child = disk.resolve(name);
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && linkName(child.resolve("subsystem")).equals(Optional.of("block"))) {
                    block(child, found);
                }
            }
        }
    }

    /** A block device, with the devices holding it. */
    private void block(Path dir, Set<ChildDevice> found) throws SysfsException {
        found.add(new ChildDevice("block", dir.getFileName().toString(), optional(dir.resolve("dev"))));
        holders(dir, found, 0);
    }

    /** Block devices stacked on this one (holders/dm-0 → /sys/devices/virtual/block/dm-0), transitively. */
    private void holders(Path blockDir, Set<ChildDevice> found, int depth) throws SysfsException {
        if (depth > CHILD_DEPTH) {
            return;
        }
        for (String holder : names(blockDir.resolve("holders"))) {
            Path holderDir;
            try {
                holderDir = blockDir.resolve("holders").resolve(holder).toRealPath();
            } catch (IOException e) {
                continue; // a holder being torn down
            }
            if (found.add(new ChildDevice("block", holder, optional(holderDir.resolve("dev"))))) {
                holders(holderDir, found, depth + 1);
            }
        }
    }

    @Override
    public void write(SysfsWrite write) throws SysfsException {
        Path file = sysfs.resolve(write.path());
        try {
            // One write(2) of the whole value: sysfs store functions see each write separately.
            Files.write(file, write.value().getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw SysfsException.of("write " + write.quotedValue() + " to", file.toString(), e);
        }
    }

    private static int hex(Path file) throws SysfsException {
        String text = read(file);
        try {
            return Integer.parseUnsignedInt(text.startsWith("0x") ? text.substring(2) : text, 16);
        } catch (NumberFormatException e) {
            throw new SysfsException("parse \"" + text + "\" from", file.toString(), "EINVAL");
        }
    }

    /** One stat; false also when it cannot be made (the read that follows a true says why). */
    private static boolean exists(Path file) {
        return file.toFile().exists();
    }

    private static String read(Path file) throws SysfsException {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw SysfsException.of("read", file.toString(), e);
        }
    }

    private static Optional<String> optional(Path file) throws SysfsException {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw SysfsException.of("read", file.toString(), e);
        }
    }

    private static OptionalInt optionalInt(Path file) throws SysfsException {
        Optional<String> text = optional(file);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get()));
        } catch (NumberFormatException e) {
            throw new SysfsException("parse \"" + text.get() + "\" from", file.toString(), "EINVAL");
        }
    }

    private static Optional<String> linkName(Path link) throws SysfsException {
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (SysfsErrno.isGone(e)) {
                return Optional.empty();
            }
            throw SysfsException.of("read link", link.toString(), e);
        }
    }

    /** Entry names, sorted; none when the directory does not exist. */
    private static List<String> names(Path dir) throws SysfsException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw SysfsException.of("list", dir.toString(), e);
        }
        names.sort(null);
        return names;
    }
}
