package org.udevreactor.reactor.daemon.scan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * Finds every device in sysfs the way {@code udevadm trigger} would: every directory below
 * {@code /sys/devices} with a {@code uevent} file and a {@code subsystem} link (the kernel sends
 * no events for a device without a bus or class). Links are not followed, so each device is
 * found once, at its real place; parents come before their children.
 *
 * <p>A device that goes away during the walk is simply not found; the event for its removal
 * follows anyway.
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
        Path base = sysfs.root();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (Files.isRegularFile(dir.resolve("uevent"), LinkOption.NOFOLLOW_LINKS)) {
                    Path subsystem = dir.resolve("subsystem");
                    if (Files.isSymbolicLink(subsystem)) {
                        try {
                            String name = Files.readSymbolicLink(subsystem).getFileName().toString();
                            found.add(new ScannedDevice("/" + base.relativize(dir), name));
                        } catch (IOException gone) {
                            log.debug("{}: subsystem link vanished during the scan: {}", dir, gone.toString());
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // Removed while walking, or a directory the kernel will not list (permissions).
                log.debug("{}: not scanned: {}", file, e.toString());
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }
}
