package org.udevreactor.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A hand-written module directory: each depmod file given as text, the rest left out. */
final class ModuleDirFixture {
    private final Path dir;

    ModuleDirFixture(Path parent, String kernelRelease) {
        this.dir = parent.resolve(kernelRelease);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ModuleDirFixture file(String name, String... lines) {
        try {
            Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** modules.builtin.modinfo: NUL-terminated records. */
    ModuleDirFixture builtinModinfo(String... records) {
        try {
            Files.writeString(dir.resolve("modules.builtin.modinfo"), String.join("\0", records) + "\0", StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path dir() {
        return dir;
    }

    ModuleIndex index() throws IOException {
        return ModuleIndex.build(dir);
    }
}
