package org.udevreactor.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hand-written module directory: each depmod file given as text, module files as bytes, the
 * rest left out. Shared with the loader's tests through meta's test jar.
 */
public final class ModuleDirFixture {
    private final Path dir;

    public ModuleDirFixture(Path parent, String kernelRelease) {
        this.dir = parent.resolve(kernelRelease);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ModuleDirFixture file(String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent()); // module paths such as kernel/drivers/x.ko
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A file with exactly these bytes, e.g. a (compressed) module. */
    public ModuleDirFixture bytes(String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** modules.builtin.modinfo: NUL-terminated records. */
    public ModuleDirFixture builtinModinfo(String... records) {
        try {
            Files.writeString(dir.resolve("modules.builtin.modinfo"), String.join("\0", records) + "\0", StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path dir() {
        return dir;
    }

    public ModuleIndex index() throws IOException {
        return ModuleIndex.build(dir);
    }
}
