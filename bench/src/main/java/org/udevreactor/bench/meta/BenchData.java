package org.udevreactor.bench.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the benchmark finds the real data: the shared folder beside the repository, found from
 * the working directory (run from the repository root) or given with -Dudevreactor.shared=DIR.
 */
final class BenchData {
    static final String KERNEL_RELEASE = "6.1.0-56-amd64";

    private BenchData() {
    }

    static Path shared() {
        Path shared = Path.of(System.getProperty("udevreactor.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(shared.resolve("kernels"))) {
            throw new IllegalStateException("no shared data at " + shared
                    + ": run from the repository root (with shared/ beside it) or pass -Dudevreactor.shared=DIR");
        }
        return shared;
    }

    static Path moduleDir() {
        return shared().resolve("kernels/debian-6.1/lib/modules/" + KERNEL_RELEASE);
    }

    static List<String> corpus() {
        try {
            return Files.readAllLines(shared().resolve("corpus/modalias-debian-6.1.txt"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
