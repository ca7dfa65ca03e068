package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Brings Debian's current kernel and the test variant driver into the cache, without
 * installing anything on the host:
 * {@code apt-get download} the image, headers and kbuild packages; {@code dpkg-deb -x} them;
 * build the driver against the unpacked headers; add it under {@code extra/}; {@code depmod -b}.
 *
 * <p>Layout: {@code CACHE/ABI/image/} (boot/, lib/modules/ABI/), {@code CACHE/ABI/headers/},
 * {@code CACHE/ABI/driver/}, and {@code CACHE/ABI/ready}, written last, holding the digest of
 * the driver source it was built from. A missing or different {@code ready} means the whole
 * ABI directory is rebuilt, so an interrupted run never leaves a half tree in use.
 */
final class KernelProvisioner {
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

    private final Path cacheRoot;

    KernelProvisioner(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** The cache root: $XDG_CACHE_HOME or ~/.cache, then udev-reactor/vm. */
    static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("udev-reactor").resolve("vm");
    }

    ProvisionedKernel provision() throws IOException {
        KernelAbi abi = resolveCurrentAbi();
        Path dir = cacheRoot.resolve(abi.value());
        Files.createDirectories(cacheRoot);
        // Two builds on one machine (a developer's and CI's) must not unpack into one tree at once.
        try (FileChannel lockFile = FileChannel.open(cacheRoot.resolve(abi.value() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.lock();
            try {
                return provisionLocked(abi, dir);
            } finally {
                lock.release();
            }
        }
    }

    private ProvisionedKernel provisionLocked(KernelAbi abi, Path dir) throws IOException {
        ProvisionedKernel kernel = layout(abi, dir);
        Path ready = dir.resolve("ready");
        String digest = VariantDriverSource.digest();
        if (Files.isRegularFile(ready) && Files.readString(ready).strip().equals(digest)
                && Files.isRegularFile(kernel.vmlinuz())) {
            log("kernel " + abi + " from cache " + dir);
            return kernel;
        }
        long start = System.nanoTime();
        log("provisioning kernel " + abi + " into " + dir);
        deleteTree(dir);
        Files.createDirectories(dir);
        unpackPackages(abi, dir);
        buildVariantDriver(abi, dir, kernel);
        checkAlias(kernel);
        Files.writeString(ready, digest + "\n");
        pruneOtherAbis(cacheRoot, abi);
        log("provisioned kernel " + abi + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return kernel;
    }

    /**
     * Debian's archive replaces old ABIs, so their trees (~0.5 GB each) would never be used again.
     * Only finished trees go: one without "ready" may be another build's work in progress.
     */
    static void pruneOtherAbis(Path cacheRoot, KernelAbi current) throws IOException {
        try (Stream<Path> entries = Files.list(cacheRoot)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && !name.equals(current.value()) && Files.exists(entry.resolve("ready"))) {
                    log("removing the tree of an older kernel: " + entry);
                    deleteTree(entry);
                    Files.deleteIfExists(cacheRoot.resolve(name + ".lock"));
                }
            }
        }
    }

    private static ProvisionedKernel layout(KernelAbi abi, Path dir) {
        Path image = dir.resolve("image");
        return new ProvisionedKernel(abi, image.resolve("boot").resolve("vmlinuz-" + abi.value()),
                image.resolve("lib").resolve("modules"));
    }

    /** Reads the ABI from apt's lists, updating them once if they know no kernel metapackage yet. */
    static KernelAbi resolveCurrentAbi() throws IOException {
        List<String> depends = metapackageDepends();
        if (depends.isEmpty()) {
            log("apt knows no " + KernelAbi.METAPACKAGE + " yet: running apt-get update");
            HostCommand.of("apt-get", "update", "-q").timeout(APT_TIMEOUT).run();
            depends = metapackageDepends();
        }
        return KernelAbi.fromMetapackageDepends(depends);
    }

    private static List<String> metapackageDepends() throws IOException {
        try {
            return AptDepends.parse(HostCommand.of("apt-cache", "depends", KernelAbi.METAPACKAGE).run());
        } catch (IOException e) {
            // apt-cache exits non-zero for an unknown package: treat it like an empty list.
            return List.of();
        }
    }

    private static void unpackPackages(KernelAbi abi, Path dir) throws IOException {
        List<String> headerPackages = new ArrayList<>();
        headerPackages.add(abi.headersPackage());
        for (String dep : AptDepends.parse(HostCommand.of("apt-cache", "depends", abi.headersPackage()).run())) {
            // linux-compiler-gcc-*: the host's gcc from tools/install-deps is that compiler.
            if (dep.startsWith("linux-headers-") || dep.startsWith("linux-kbuild-")) {
                headerPackages.add(dep);
            }
        }
        Path debs = Files.createDirectories(dir.resolve("debs"));
        List<String> download = new ArrayList<>(List.of("apt-get", "download", "-q", abi.imagePackage()));
        download.addAll(headerPackages);
        HostCommand.of(download).in(debs).timeout(APT_TIMEOUT).run();
        try (Stream<Path> files = Files.list(debs)) {
            for (Path deb : files.sorted().toList()) {
                String name = deb.getFileName().toString();
                Path target = dir.resolve(name.startsWith(abi.imagePackage() + "_") ? "image" : "headers");
                HostCommand.of("dpkg-deb", "-x", deb.toString(), target.toString()).run();
            }
        }
        // The packages are only a means to the trees; they are ~85 MB.
        deleteTree(debs);
    }

    private static void buildVariantDriver(KernelAbi abi, Path dir, ProvisionedKernel kernel) throws IOException {
        Path headers = dir.resolve("headers");
        Path build = headers.resolve("usr/src").resolve(abi.headersPackage());
        Path makefile = build.resolve("Makefile");
        if (!Files.isRegularFile(makefile)) {
            throw new IOException("unpacked " + abi.headersPackage() + " has no " + makefile);
        }
        // Debian's per-flavour Makefile includes the common one by absolute path under /usr/src;
        // point it into the unpacked tree instead.
        String text = Files.readString(makefile, StandardCharsets.UTF_8);
        Files.writeString(makefile, text.replace("include /usr/src/", "include " + headers.resolve("usr/src") + "/"));

        Path source = dir.resolve("driver");
        VariantDriverSource.writeTo(source);
        HostCommand.of("make", "-C", build.toString(), "M=" + source, "modules").timeout(Duration.ofMinutes(5)).run();
        Path ko = source.resolve(VariantDriverSource.MODULE_NAME + ".ko");
        Path extra = Files.createDirectories(kernel.moduleTree().resolve("extra"));
        Files.copy(ko, extra.resolve(ko.getFileName()));
        HostCommand.of("depmod", "-b", kernel.imageRoot().toString(), abi.value()).run();
    }

    private static void checkAlias(ProvisionedKernel kernel) throws IOException {
        Path aliases = kernel.moduleTree().resolve("modules.alias");
        boolean found = Files.readAllLines(aliases).stream()
                .anyMatch(line -> line.equals("alias " + VariantDriverSource.EXPECTED_ALIAS));
        if (!found) {
            throw new IOException("depmod gave the test variant driver no alias '" + VariantDriverSource.EXPECTED_ALIAS
                    + "' in " + aliases);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[vm] " + message);
    }
}
