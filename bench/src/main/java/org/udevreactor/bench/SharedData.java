package org.udevreactor.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks find the real data: the shared folder beside the repository, found from
 * the working directory (run from the repository root) or given with -Dudevreactor.shared=DIR.
 */
public final class SharedData {
    /** The Debian 6.1 kernel whose module tree is in the shared folder. */
    public static final String KERNEL_RELEASE = "6.1.0-56-amd64";

    private SharedData() {
    }

    public static Path dir() {
        Path shared = Path.of(System.getProperty("udevreactor.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(shared.resolve("kernels"))) {
            throw new IllegalStateException("no shared data at " + shared
                    + ": run from the repository root (with shared/ beside it) or pass -Dudevreactor.shared=DIR");
        }
        return shared;
    }

    /** The Debian 6.1 module directory (modules.dep, modules.alias, …). */
    public static Path debianModuleDir() {
        return dir().resolve("kernels/debian-6.1/lib/modules/" + KERNEL_RELEASE);
    }
}
