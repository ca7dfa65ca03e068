package org.udevreactor.bench.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a fake sysfs the way the kernel lays it out: every device a directory below
 * {@code devices/} with a {@code uevent} file, a relative {@code subsystem} link into
 * {@code bus/} or {@code class/} and a {@code power/} directory, listed in {@code bus/BUS/devices/}
 * or {@code class/CLASS/}; attributes as files, drivers as links into {@code bus/BUS/drivers/}. Counts what it writes, so a benchmark can check that the
 * daemon found every device.
 */
final class SysfsWriter {
    private final Path root;
    private final Map<String, Integer> bySubsystem = new TreeMap<>();
    private final Map<String, String> written = new TreeMap<>();

    SysfsWriter(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    int devices() {
        return written.size();
    }

    /** Every device written: devpath to subsystem. */
    Map<String, String> written() {
        return written;
    }

    Map<String, Integer> bySubsystem() {
        return bySubsystem;
    }

    /** A device of a bus ({@code bus/NAME}): pci, usb, acpi, platform, scsi, cpu, memory, … */
    String busDevice(String devpath, String bus, String... ueventLines) {
        device(devpath, "bus/" + bus, bus, ueventLines);
        Path devices = root.resolve("bus").resolve(bus).resolve("devices");
        mkdirs(devices);
        link(devices.resolve(name(devpath)), dir(devpath));
        return devpath;
    }

    /** A class device ({@code class/NAME}): net, block, tty, input, … */
    String classDevice(String devpath, String className, String... ueventLines) {
        device(devpath, "class/" + className, className, ueventLines);
        Path link = root.resolve("class").resolve(className).resolve(name(devpath));
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            link(link, dir(devpath));
        }
        return devpath;
    }

    private static String name(String devpath) {
        return devpath.substring(devpath.lastIndexOf('/') + 1);
    }

    /** A directory with a uevent file and no subsystem link (a PCI host bridge, {@code ata1}): not a device. */
    String container(String devpath) {
        Path dir = dir(devpath);
        write(dir.resolve("uevent"), "");
        return devpath;
    }

    void attribute(String devpath, String name, String value) {
        write(dir(devpath).resolve(name), value + "\n");
    }

    /** {@code driver} of the device, linked to {@code bus/BUS/drivers/NAME} (created on first use). */
    void driver(String devpath, String bus, String name) {
        Path drivers = root.resolve("bus").resolve(bus).resolve("drivers").resolve(name);
        mkdirs(drivers);
        link(dir(devpath).resolve("driver"), drivers);
    }

    /** A link from the device to any place below the root, relative as the kernel makes them. */
    void link(String devpath, String name, String target) {
        link(dir(devpath).resolve(name), root.resolve(target));
    }

    private String device(String devpath, String subsystemDir, String subsystem, String... ueventLines) {
        Path dir = dir(devpath);
        mkdirs(root.resolve(subsystemDir));
        write(dir.resolve("uevent"), ueventLines.length == 0 ? "" : String.join("\n", ueventLines) + "\n");
        link(dir.resolve("subsystem"), root.resolve(subsystemDir));
        Path power = dir.resolve("power");
        mkdirs(power);
        write(power.resolve("control"), "auto\n");
        write(power.resolve("runtime_status"), "unsupported\n");
        if (written.put(devpath, subsystem) != null) {
            throw new IllegalStateException(devpath + " written twice");
        }
        bySubsystem.merge(subsystem, 1, Integer::sum);
        return devpath;
    }

    private Path dir(String devpath) {
        Path dir = root.resolve(devpath.substring(1));
        mkdirs(dir);
        return dir;
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + link + " to " + target, e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
