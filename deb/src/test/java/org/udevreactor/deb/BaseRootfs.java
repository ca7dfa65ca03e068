package org.udevreactor.deb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.udevreactor.testfixtures.vm.HostCommand;

/**
 * A fresh Debian of the host's release, made once by debootstrap (minbase plus systemd, so it
 * boots) and cached in {@code ~/.cache/udev-reactor/deb/CODENAME/rootfs} ({@code $XDG_CACHE_HOME}
 * honoured); each test boots a copy. The mirror is the host's (see {@link DebianMirror}). Downloaded
 * packages are kept in {@code .../CODENAME/archives} and shared with the copies' {@code /var/cache/apt/archives},
 * so a cached run fetches only package indexes.
 */
final class BaseRootfs {
    private static final String COMPLETE = ".udev-reactor-complete";

    private final Path dir;
    private final Path archives;

    private BaseRootfs(Path dir, Path archives) {
        this.dir = dir;
        this.archives = archives;
    }

    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("udev-reactor").resolve("deb");
    }

    /** The cached root of the host's release, debootstrapped first when absent or left half-made. */
    static BaseRootfs provision() throws IOException {
        String codename = DebianMirror.hostCodename();
        Path root = cacheRoot().resolve(codename);
        Files.createDirectories(root);
        // Two builds on one machine (a developer's and CI's) must not debootstrap into one tree at once.
        try (FileChannel lockFile = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.lock();
            try {
                Path rootfs = root.resolve("rootfs");
                if (!Files.exists(rootfs.resolve(COMPLETE))) {
                    debootstrap(codename, DebianMirror.ofHost(codename), rootfs);
                }
                return new BaseRootfs(rootfs, Files.createDirectories(root.resolve("archives")));
            } finally {
                lock.release();
            }
        }
    }

    private static void debootstrap(String codename, String mirror, Path rootfs) throws IOException {
        HostCommand.of("rm", "-rf", rootfs.toString()).run();
        System.out.println("BaseRootfs: debootstrap " + codename + " from " + mirror + " into " + rootfs);
        HostCommand.of("debootstrap", "--variant=minbase", "--include=systemd,systemd-sysv", codename,
                rootfs.toString(), mirror).timeout(Duration.ofMinutes(15)).run();
        // debootstrap leaves its downloads in the tree; the shared archives directory keeps them instead.
        HostCommand.of("sh", "-c", "rm -f \"$0\"/var/cache/apt/archives/*.deb", rootfs.toString()).run();
        Files.writeString(rootfs.resolve(COMPLETE), mirror + "\n");
    }

    /** Packages downloaded by any copy, kept for the next run. */
    Path archives() {
        return archives;
    }

    /** A private copy to boot and change (reflinked where the file system can). */
    Path copyTo(Path target) throws IOException {
        HostCommand.of("rm", "-rf", target.toString()).run();
        Files.createDirectories(target.getParent());
        HostCommand.of("cp", "-a", "--reflink=auto", dir.toString(), target.toString())
                .timeout(Duration.ofMinutes(5)).run();
        Files.delete(target.resolve(COMPLETE));
        return target;
    }
}
