package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.proto.ModuleIndexFile;

class MetaFilesTest {
    @TempDir
    Path temp;

    @Test
    void write_overExistingFile_replacesItAndLeavesNoTempFile() throws Exception {
        Path target = temp.resolve("meta.pb");
        Files.writeString(target, "old");
        ModuleIndexFile index = ModuleIndexFile.newBuilder().setFormatVersion(ModuleIndexBuilder.FORMAT_VERSION).setKernelRelease("r").build();

        MetaFiles.write(index, target);

        assertThat(MetaFiles.read(target)).isEqualTo(index);
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void read_garbage_failsNamingTheFile() throws Exception {
        Path target = temp.resolve("meta.pb");
        Files.write(target, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThatThrownBy(() -> MetaFiles.read(target)).isInstanceOf(IOException.class).hasMessageStartingWith(target.toString());
    }

    @Test
    void read_otherFormatVersion_failsAskingForARebuild() throws Exception {
        Path target = temp.resolve("meta.pb");
        MetaFiles.write(ModuleIndexFile.newBuilder().setFormatVersion(ModuleIndexBuilder.FORMAT_VERSION + 1).build(), target);

        assertThatThrownBy(() -> MetaFiles.read(target)).isInstanceOf(IndexFormatException.class).hasMessageContaining("reactor meta build");
    }

    @Test
    void read_formatOneFileWithPerModuleMessages_isAnotherFormatNotGarbage() throws Exception {
        Path target = temp.resolve("meta.pb");
        // format_version = 1, then field 4 (format 1's Module message) holding name = "a".
        Files.write(target, new byte[] {0x08, 0x01, 0x22, 0x03, 0x0a, 0x01, 'a'});

        assertThatThrownBy(() -> MetaFiles.read(target)).isInstanceOf(IndexFormatException.class)
                .hasMessage(target + ": module index format 1, this build reads " + ModuleIndexBuilder.FORMAT_VERSION
                        + "; rebuild it with `reactor meta build`");
    }
}
