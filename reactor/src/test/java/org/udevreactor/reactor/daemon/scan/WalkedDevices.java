package org.udevreactor.reactor.daemon.scan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle for {@link SysfsScan}: what a device is by definition, every directory below
 * {@code /sys/devices} with a {@code uevent} file and a {@code subsystem} link (links not
 * followed), found by walking the whole tree and looking at every directory, as the daemon's scan
 * did before it read the kernel's bus and class listings instead.
 */
final class WalkedDevices {
    private WalkedDevices() {
    }

    static List<ScannedDevice> walk(Path sysfs) throws IOException {
        List<ScannedDevice> found = new ArrayList<>();
        Files.walkFileTree(sysfs.resolve("devices"), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path subsystem = dir.resolve("subsystem");
                if (Files.isRegularFile(dir.resolve("uevent"), LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(subsystem)) {
                    try {
                        found.add(new ScannedDevice("/" + sysfs.relativize(dir), Files.readSymbolicLink(subsystem).getFileName().toString()));
                    } catch (IOException gone) {
                        // Removed while walking: not there.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }
}
