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

        assertThatThrownBy(() -> MetaFiles.read(target)).isInstanceOf(IOException.class).hasMessageContaining("reactor meta build");
    }
}
