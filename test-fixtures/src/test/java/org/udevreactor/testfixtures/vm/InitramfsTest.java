package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InitramfsTest {
    @Test
    void parseShowDepends_insmodAndBuiltinLines_keepsInsmodPathsInOrder() {
        String plan = """
                insmod /x/lib/modules/6.1.0-56-amd64/kernel/fs/netfs/netfs.ko\s
                builtin crc32c
                insmod /x/lib/modules/6.1.0-56-amd64/kernel/fs/9p/9p.ko debug=1
                """;

        assertThat(Initramfs.parseShowDepends(plan)).containsExactly(
                Path.of("/x/lib/modules/6.1.0-56-amd64/kernel/fs/netfs/netfs.ko"),
                Path.of("/x/lib/modules/6.1.0-56-amd64/kernel/fs/9p/9p.ko"));
    }
}
