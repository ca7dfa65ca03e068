package org.udevreactor.bench.modules;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Debian 6.1 module directory in the shared folder (run from the repository root, or -Dudevreactor.shared=DIR). */
final class ModulesBenchData {
    private ModulesBenchData() {
    }

    static Path moduleDir() {
        Path shared = Path.of(System.getProperty("udevreactor.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(shared.resolve("kernels"))) {
            throw new IllegalStateException("no shared data at " + shared
                    + ": run from the repository root (with shared/ beside it) or pass -Dudevreactor.shared=DIR");
        }
        return shared.resolve("kernels/debian-6.1/lib/modules/6.1.0-56-amd64");
    }
}
