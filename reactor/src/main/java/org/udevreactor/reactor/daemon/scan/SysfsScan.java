package org.udevreactor.reactor.daemon.scan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * Finds every device in sysfs the way {@code udevadm trigger} does (systemd's
 * sd_device_enumerator): the kernel lists every device that has a subsystem under it, a bus
 * device as a link in {@code /sys/bus/BUS/devices/}, a class device as a link in
 * {@code /sys/class/CLASS/}. Each link is read once to get the device's directory below
 * {@code /sys/devices}; the subsystem is the bus's or class's name (what the device's
 * {@code subsystem} link points to). These are exactly the directories below {@code /sys/devices}
 * with a {@code uevent} file and a {@code subsystem} link, found without visiting the attribute
 * directories ({@code power/}, {@code queue/}, …) or looking at every attribute file.
 * Returned sorted by devpath, so parents come before their children.
 *
 * <p>A device that goes away during the scan is simply not found; the event for its removal
 * follows anyway. A link that leads outside {@code /sys/devices} is not a device.
 */
public final class SysfsScan {
    private static final Logger log = LoggerFactory.getLogger(SysfsScan.class);

    private SysfsScan() {
    }

    public static List<ScannedDevice> devices(SysfsRoot sysfs) throws IOException {
        Path root = sysfs.resolve("/devices");
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "no devices directory: is sysfs mounted there?");
        }
        List<ScannedDevice> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path bus : subdirectories(sysfs.resolve("/bus"))) {
            collect(sysfs, bus.resolve("devices"), bus.getFileName().toString(), found, seen);
        }
        for (Path deviceClass : subdirectories(sysfs.resolve("/class"))) {
            collect(sysfs, deviceClass, deviceClass.getFileName().toString(), found, seen);
        }
        found.sort(Comparator.comparing(ScannedDevice::devpath));
        return found;
    }

    /** The directories of /sys/bus or /sys/class; none when it is missing (a kernel without buses). */
    private static List<Path> subdirectories(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(dirs::add);
        } catch (NoSuchFileException missing) {
            log.debug("{}: not there, no devices listed in it", dir);
        }
        return dirs;
    }

    /** Every link in {@code listing} (a bus's devices/ or a class directory) that leads to a device. */
    private static void collect(SysfsRoot sysfs, Path listing, String subsystem, List<ScannedDevice> found, Set<String> seen)
            throws IOException {
        List<Path> links = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(listing)) {
            entries.forEach(links::add);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException gone) {
            // A bus without devices/ (none on a real kernel), a file in /sys/class, or removed meanwhile.
            return;
        }
        String devicesPrefix = "/devices/";
        for (Path link : links) {
            Path target;
            try {
                target = Files.readSymbolicLink(link);
            } catch (NotLinkException notADevice) {
                // A class's own attribute, e.g. /sys/class/net/bonding_masters.
                continue;
            } catch (NoSuchFileException gone) {
                log.debug("{}: removed during the scan", link);
                continue;
            }
            String devpath = devpath(sysfs, listing.resolve(target));
            if (devpath == null || !devpath.startsWith(devicesPrefix)) {
                log.debug("{} -> {}: not a device directory below {}/devices; skipped", link, target, sysfs);
                continue;
            }
            if (!hasUevent(sysfs, devpath)) {
                log.debug("{} -> {}: no uevent file there (removed during the scan?); skipped", link, target);
                continue;
            }
            if (seen.add(devpath)) {
                found.add(new ScannedDevice(devpath, subsystem));
            }
        }
    }

    /**
     * As systemd checks before taking a directory for a device. {@link java.io.File#isFile} is one
     * stat that answers false without an exception (NIO's {@code Files.isRegularFile} makes and
     * catches one on JDK 17).
     */
    private static boolean hasUevent(SysfsRoot sysfs, String devpath) {
        return new java.io.File(sysfs.root().toString() + devpath + "/uevent").isFile();
    }

    /** "/devices/…" for a path below the root (the link's target, not followed further); null outside it. */
    private static String devpath(SysfsRoot sysfs, Path target) {
        Path normal = target.normalize();
        if (!normal.startsWith(sysfs.root())) {
            return null;
        }
        return "/" + sysfs.root().relativize(normal);
    }
}
