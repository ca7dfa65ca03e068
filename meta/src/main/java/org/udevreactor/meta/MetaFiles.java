package org.udevreactor.meta;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.udevreactor.meta.proto.ModuleIndexFile;

/** Reads and writes meta.pb. Writing is atomic: a reader sees the old file or the new one. */
public final class MetaFiles {
    private MetaFiles() {
    }

    public static void write(ModuleIndexFile index, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                index.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static ModuleIndexFile read(Path file) throws IOException {
        ModuleIndexFile index;
        try {
            // Whole, so that protobuf parses from an array: its byte fields are then flat copies.
            index = ModuleIndexFile.parseFrom(Files.readAllBytes(file));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(file + ": not a module index (" + e.getMessage() + ")", e);
        }
        if (index.getFormatVersion() != ModuleIndexBuilder.FORMAT_VERSION) {
            throw new IndexFormatException(file, index.getFormatVersion(), ModuleIndexBuilder.FORMAT_VERSION);
        }
        return index;
    }
}
