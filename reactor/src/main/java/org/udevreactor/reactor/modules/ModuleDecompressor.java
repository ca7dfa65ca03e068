package org.udevreactor.reactor.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Decompresses a module file in this process, for kernels that cannot do it themselves. */
final class ModuleDecompressor {
    /** The file is not valid data of its format (truncated, corrupt, wrong suffix). */
    static final class CorruptModuleException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptModuleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ModuleDecompressor() {
    }

    static byte[] decompress(Path file, Compression compression) throws IOException {
        try (InputStream raw = Files.newInputStream(file); InputStream in = open(raw, compression, file)) {
            return in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new CorruptModuleException("decompressing " + compression.kernelName() + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(InputStream raw, Compression compression, Path file) throws IOException {
        return switch (compression) {
            case NONE -> raw;
            case GZIP -> new GZIPInputStream(raw, 64 * 1024);
            case XZ, ZSTD -> throw new CorruptModuleException("decompressing " + compression.kernelName()
                    + " is not supported here: " + file, null);
        };
    }
}
