package org.udevreactor.bench.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.udevreactor.bench.SharedData;

/** The module index benchmarks' real data, from the shared folder ({@link SharedData}). */
final class BenchData {
    private BenchData() {
    }

    static Path moduleDir() {
        return SharedData.debianModuleDir();
    }

    static List<String> corpus() {
        try {
            return Files.readAllLines(SharedData.dir().resolve("corpus/modalias-debian-6.1.txt"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
