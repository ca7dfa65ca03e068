package org.udevreactor.reactor.sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.LinkOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.PciIdentity;

/**
 * Reads a device's directory in sysfs into the {@link DeviceSnapshot} policy decides on, the way
 * coldplug sees a device that is already there (action {@code add}):
 * <ul>
 * <li>properties: {@code ACTION=add}, {@code DEVPATH}, {@code SUBSYSTEM} (the {@code subsystem}
 * link's target), then every line of the {@code uevent} file, which the kernel fills with what
 * it would send in an event (MODALIAS, PCI_ID, DRIVER, ...);</li>
 * <li>the PCI identity from those properties, or, when the uevent file lacks them, from the
 * {@code vendor}, {@code device}, {@code subsystem_*} and {@code class} files;</li>
 * <li>the driver from the {@code driver} link (authoritative: DRIVER= is only a copy);</li>
 * <li>{@code boot_vga} when the file exists, and the attributes a policy names.</li>
 * </ul>
 * A device missing at the start or removed during the read is {@link DeviceRead.Gone}; other I/O
 * failures (permissions, a broken mount) are exceptions.
 */
public final class DeviceSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSnapshots.class);

    private final SysfsRoot sysfs;

    public DeviceSnapshots(SysfsRoot sysfs) {
        this.sysfs = sysfs;
    }

    /**
     * @param devpath        as in a uevent's DEVPATH, e.g. {@code /devices/pci0000:00/0000:00:02.0}
     * @param attributeNames attributes to read, relative to the device directory (e.g.
     *                       {@code sriov_totalvfs}, {@code power/control}); one that is missing or
     *                       unreadable is left out, as an absent attribute never matches
     */
    public DeviceRead read(String devpath, Set<String> attributeNames) throws IOException {
        return read(devpath, "", attributeNames);
    }

    /**
     * As {@link #read(String, Set)}, for a device whose subsystem is known already: a scan found
     * it under its bus's or class's name, or a kernel event said SUBSYSTEM=, which are what its
     * {@code subsystem} link points to. That link is then not read again (one readlink less per
     * device: coldplug reads every device).
     *
     * @param subsystem the known subsystem; empty to read the link
     */
    public DeviceRead read(String devpath, String subsystem, Set<String> attributeNames) throws IOException {
        Path dir = sysfs.resolve(devpath);
        try {
            return snapshot(devpath, subsystem, dir, attributeNames);
        } catch (Vanished gone) {
            return new DeviceRead.Gone(devpath, gone.getMessage());
        }
    }

    /**
     * A kernel event's device with what only sysfs knows added to the event's own facts: the
     * driver link, {@code boot_vga} and the attributes a policy names. The {@code uevent} file is
     * not read: the event carried the same properties, and reading it takes the device's lock
     * (uevent_show), so right after a hot add it would wait for the probe the kernel has just
     * started (e1000e's: 120–160 ms under emulation) before anything is decided.
     *
     * @return gone when the device's directory is not there after the reads
     */
    public DeviceRead complete(DeviceSnapshot told, Set<String> attributeNames) throws IOException {
        try {
            return withSysfsFacts(told, sysfs.resolve(told.devpath()), attributeNames);
        } catch (Vanished gone) {
            return new DeviceRead.Gone(told.devpath(), gone.getMessage());
        }
    }

    /**
     * The device's driver and incarnation now (two or three system calls, nothing else read), for
     * a rescan to compare with what the registry recorded; empty when the device is gone.
     */
    public Optional<DeviceState> state(String devpath) throws IOException {
        Path dir = sysfs.resolve(devpath);
        try {
            long incarnation = incarnation(dir);
            Optional<String> driver = driver(dir);
            return Optional.of(new DeviceState(driver, incarnation));
        } catch (Vanished gone) {
            return Optional.empty();
        }
    }

    /**
     * The device's incarnation now (one stat, nothing read), for an event decided from its own
     * properties; empty when the device is gone.
     */
    public OptionalLong incarnation(String devpath) throws IOException {
        try {
            return OptionalLong.of(incarnation(sysfs.resolve(devpath)));
        } catch (Vanished gone) {
            return OptionalLong.empty();
        }
    }

    /** The PCI function at this address, found through {@code /sys/bus/pci/devices}. */
    public DeviceRead read(PciAddress address, Set<String> attributeNames) throws IOException {
        Path link = sysfs.pciDevice(address);
        String devpath;
        try {
            devpath = sysfs.devpath(link);
        } catch (IOException e) {
            if (SysfsErrno.isGone(e)) {
                return new DeviceRead.Gone("/bus/pci/devices/" + address, "no PCI device " + address + " (" + link + ": " + SysfsErrno.of(e) + ")");
            }
            throw e;
        }
        return read(devpath, attributeNames);
    }

    private DeviceRead.Present snapshot(String devpath, String knownSubsystem, Path dir, Set<String> attributeNames)
            throws IOException, Vanished {
        Map<String, String> uevent;
        try {
            uevent = ueventFile(dir.resolve("uevent"));
        } catch (Vanished gone) {
            // The directory is looked at only then: a device present costs no stat of it here.
            throw Files.isDirectory(dir) ? gone : new Vanished(dir + ": no such device directory");
        }
        String subsystem = knownSubsystem.isEmpty() ? linkName(dir.resolve("subsystem")).orElse("") : knownSubsystem;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ACTION", UeventAction.ADD.wireName());
        properties.put("DEVPATH", devpath);
        properties.put("SUBSYSTEM", subsystem);
        properties.putAll(uevent);

        Optional<PciIdentity> pci = PciIdentity.fromProperties(properties);
        if (pci.isEmpty() && subsystem.equals("pci")) {
            pci = pciFromAttributes(dir);
        }
        DeviceSnapshot told = new DeviceSnapshot(subsystem, UeventAction.ADD, devpath, pci,
                Optional.ofNullable(properties.get("MODALIAS")), Optional.empty(), Optional.empty(), properties, Map.of());
        return withSysfsFacts(told, dir, attributeNames);
    }

    /**
     * The device as its uevent file or its event told it, with what only sysfs knows: the driver
     * link, the attributes a policy names and a PCI function's {@code boot_vga}; then the one stat
     * of its directory.
     */
    private static DeviceRead.Present withSysfsFacts(DeviceSnapshot told, Path dir, Set<String> attributeNames)
            throws IOException, Vanished {
        Optional<String> driver = driver(dir);
        Map<String, String> attributes = new TreeMap<>();
        for (String name : attributeNames) {
            attribute(dir, name).ifPresent(value -> attributes.put(name, value));
        }
        // Only PCI display functions have it: not trying elsewhere spares a failed open per device.
        Optional<String> bootVga = told.subsystem().equals("pci") && exists(dir.resolve("boot_vga"))
                ? attribute(dir, "boot_vga") : Optional.empty();
        // Still there after the read (removed meanwhile, what was read may be a mix of the device
        // and nothing); the one stat of the directory also says which incarnation this is.
        long incarnation = incarnation(dir);
        DeviceSnapshot snapshot = told.withDriver(driver).withAttributes(attributes);
        return new DeviceRead.Present(bootVga.isPresent() ? snapshot.withBootVga(bootVga.get().equals("1")) : snapshot,
                OptionalLong.of(incarnation));
    }

    /** The directory's inode number: see {@link DeviceState#incarnation()}. */
    private static long incarnation(Path dir) throws IOException, Vanished {
        try {
            return (Long) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (SysfsErrno.isGone(e)) {
                throw new Vanished(dir + ": removed while it was read");
            }
            throw e;
        }
    }

    private static Map<String, String> ueventFile(Path file) throws IOException, Vanished {
        String text = readOrVanish(file);
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                properties.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return properties;
    }

    private static Optional<PciIdentity> pciFromAttributes(Path dir) throws IOException, Vanished {
        try {
            int vendor = hexFile(dir.resolve("vendor"));
            int device = hexFile(dir.resolve("device"));
            int subvendor = hexFile(dir.resolve("subsystem_vendor"));
            int subdevice = hexFile(dir.resolve("subsystem_device"));
            int classCode = hexFile(dir.resolve("class"));
            return Optional.of(new PciIdentity(vendor, device, subvendor, subdevice, classCode, dir.getFileName().toString()));
        } catch (NumberFormatException e) {
            LOG.debug("{}: PCI id files unreadable: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    /** A sysfs hex attribute such as {@code 0x8086}. */
    private static int hexFile(Path file) throws IOException, Vanished {
        String text = readOrVanish(file).trim();
        return Integer.parseUnsignedInt(text.startsWith("0x") ? text.substring(2) : text, 16);
    }

    /**
     * Most devices have no driver and PCI functions other than display ones no boot_vga: asking
     * with one stat that answers false ({@link java.io.File#exists}) spares the exception NIO
     * makes for every missing file (JDK 17), which cost more than the stat itself.
     */
    private static boolean exists(Path file) {
        return file.toFile().exists();
    }

    /** The name of the driver the device is bound to; empty when unbound (no exception for the missing link: see {@link #exists}). */
    private static Optional<String> driver(Path dir) throws IOException {
        Path link = dir.resolve("driver");
        return exists(link) ? linkName(link) : Optional.empty();
    }

    private static Optional<String> linkName(Path link) throws IOException {
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException e) {
            if (SysfsErrno.isGone(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An attribute's value without its trailing newline; empty when it is missing or cannot be read. */
    private static Optional<String> attribute(Path dir, String name) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir)) {
            LOG.debug("{}: attribute {} leaves the device directory; not read", dir, name);
            return Optional.empty();
        }
        try {
            String text = Files.readString(file);
            return Optional.of(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        } catch (IOException e) {
            // Write-only attributes (remove, rescan) and ones whose driver refuses the read.
            LOG.debug("{}: attribute {} not read: {}", dir, name, SysfsErrno.of(e));
            return Optional.empty();
        }
    }

    private static String readOrVanish(Path file) throws IOException, Vanished {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            if (SysfsErrno.isGone(e)) {
                throw new Vanished(file + ": " + SysfsErrno.of(e));
            }
            throw e;
        }
    }

    /** The device went away; carries what was missing. Never leaves this class. */
    private static final class Vanished extends Exception {
        Vanished(String detail) {
            super(detail, null, false, false);
        }
    }
}
