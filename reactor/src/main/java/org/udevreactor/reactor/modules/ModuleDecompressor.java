package org.udevreactor.reactor.modules;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.tukaani.xz.XZIOException;
import org.tukaani.xz.XZInputStream;

/**
 * Decompresses a module file in this process, for kernels that cannot do it themselves: gzip
 * with the JDK, xz with XZ for Java, zstd with zstd-jni (its native library is inside its jar).
 */
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
        try (InputStream raw = Files.newInputStream(file); InputStream in = open(raw, compression)) {
            return in.readAllBytes();
        } catch (ZipException | EOFException | XZIOException | ZstdIOException e) {
            throw new CorruptModuleException("decompressing " + compression.kernelName() + ": " + e.getMessage(), e);
        } catch (LinkageError e) { // zstd-jni unpacks a native library to a temp dir; noexec /tmp breaks it
            throw new IOException("decompressing " + compression.kernelName() + ": cannot load the decompressor: " + e, e);
        }
    }

    private static InputStream open(InputStream raw, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> raw;
            case GZIP -> new GZIPInputStream(raw, 64 * 1024);
            case XZ -> new XZInputStream(raw);
            case ZSTD -> new ZstdInputStream(raw);
        };
    }
}
