package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the guest's initramfs: static busybox, the init and agent scripts beside this class,
 * and the modules that init needs before it can mount anything, in the order modprobe would
 * load them. Debian builds 9p, virtio-pci and virtio-console as modules.
 */
final class Initramfs {
    /** What init must load: 9p over virtio for the shares, virtio_console for the agent port. */
    static final List<String> BOOT_MODULES = List.of("9p", "9pnet_virtio", "virtio_console", "virtio_pci");
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private Initramfs() {
    }

    static Path build(ProvisionedKernel kernel, Path workDir) throws IOException {
        Path staging = workDir.resolve("initramfs");
        KernelProvisioner.deleteTree(staging);
        for (String dir : List.of("bin", "modules", "newroot", "proc", "sys", "dev")) {
            Files.createDirectories(staging.resolve(dir));
        }
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IOException(BUSYBOX + " is missing: run tools/install-deps (package busybox-static)");
        }
        Files.copy(BUSYBOX, staging.resolve("bin/busybox"));
        copyScript("guest/init", staging.resolve("init"));
        copyScript("guest/agent", staging.resolve("agent"));

        List<Path> modules = loadOrder(kernel);
        for (int i = 0; i < modules.size(); i++) {
            Path ko = modules.get(i);
            Files.copy(ko, staging.resolve("modules").resolve(String.format("%02d-%s", 10 + i, ko.getFileName())));
        }

        Path list = workDir.resolve("initramfs.list");
        try (Stream<Path> walk = Files.walk(staging)) {
            List<String> entries = walk.map(p -> "." + (p.equals(staging) ? "" : "/" + staging.relativize(p)))
                    .toList();
            Files.write(list, entries);
        }
        Path cpio = workDir.resolve("initramfs.cpio");
        HostCommand.of(BUSYBOX.toString(), "cpio", "-o", "-H", "newc").in(staging).stdinFrom(list).stdoutTo(cpio).run();
        return cpio;
    }

    /** Absolute .ko paths, dependencies first, each once, as `modprobe --show-depends` orders them. */
    static List<Path> loadOrder(ProvisionedKernel kernel) throws IOException {
        Set<Path> order = new LinkedHashSet<>();
        for (String module : BOOT_MODULES) {
            String plan = HostCommand.of("modprobe", "-d", kernel.imageRoot().toString(), "-S", kernel.abi().value(),
                    "--show-depends", module).run();
            order.addAll(parseShowDepends(plan));
        }
        return new ArrayList<>(order);
    }

    /** Parses lines "insmod /path/x.ko [params]"; "builtin x" lines need nothing loaded. */
    static List<Path> parseShowDepends(String plan) {
        List<Path> paths = new ArrayList<>();
        for (String line : plan.lines().toList()) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("insmod")) {
                paths.add(Path.of(words[1]));
            }
        }
        return paths;
    }

    private static void copyScript(String resource, Path target) throws IOException {
        try (InputStream in = Initramfs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource missing beside " + Initramfs.class.getName() + ": " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
