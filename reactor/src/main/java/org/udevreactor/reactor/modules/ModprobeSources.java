package org.udevreactor.reactor.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the configuration comes from, every path a parameter: the modprobe.d directories, the
 * module directory (for modules.softdep) and the kernel command line file. Read in libkmod's
 * order: modprobe.d files, then modules.softdep (so the first softdep line for a module wins,
 * an administrator's before depmod's, and later lines for that module are ignored, as modprobe
 * ignores them), then the command line (options added last, so they win in the kernel).
 */
public record ModprobeSources(List<Path> directories, Path modulesDir, Path kernelCommandLine) {
    public ModprobeSources {
        directories = List.copyOf(directories);
    }

    /** The system's: modprobe.d(5)'s directories and /proc/cmdline. */
    public static ModprobeSources system(Path modulesDir) {
        return new ModprobeSources(ModprobeDirectories.SYSTEM, modulesDir, Path.of("/proc/cmdline"));
    }

    public ModprobeConfig read() throws IOException {
        ModprobeConfig.Builder config = ModprobeDirectories.read(directories, new ModprobeConfig.Builder());
        Path softdep = modulesDir.resolve("modules.softdep");
        if (Files.isRegularFile(softdep)) {
            ModprobeFileParser.parse(softdep, Files.readAllLines(softdep, StandardCharsets.ISO_8859_1), config);
        }
        if (kernelCommandLine != null) {
            try {
                KernelCommandLine.apply(Files.readString(kernelCommandLine, StandardCharsets.UTF_8), config);
            } catch (NoSuchFileException e) {
                // No /proc mounted (a chroot, a test tree): no command line options.
            }
        }
        return config.build();
    }
}
