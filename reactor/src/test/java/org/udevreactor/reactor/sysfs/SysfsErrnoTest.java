package org.udevreactor.reactor.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsErrnoTest {

    @Test
    void of_strerrorTexts_mapToErrnoNames() {
        assertThat(SysfsErrno.of(new IOException("No such device"))).isEqualTo("ENODEV");
        assertThat(SysfsErrno.of(new FileSystemException("/sys/x", null, "Device or resource busy"))).isEqualTo("EBUSY");
        assertThat(SysfsErrno.of(new NoSuchFileException("/sys/x"))).isEqualTo("ENOENT");
        assertThat(SysfsErrno.of(new IOException("something odd"))).isEqualTo("EIO? (something odd)");
    }

    @Test
    void isGone_isTrueForEnoentEnodevEnxioOnly() {
        assertThat(SysfsErrno.isGone(new IOException("No such device"))).isTrue();
        assertThat(SysfsErrno.isGone(new IOException("No such device or address"))).isTrue();
        assertThat(SysfsErrno.isGone(new IOException("Invalid argument"))).isFalse();
    }

    @Test
    void of_realFailureFromTheJdk_isRecognised(@TempDir Path dir) {
        try {
            Files.readString(dir.resolve("missing"));
        } catch (IOException e) {
            assertThat(SysfsErrno.of(e)).isEqualTo("ENOENT");
            return;
        }
        throw new AssertionError("reading a missing file succeeded");
    }

    @Test
    void of_writeToDevFullFromTheJdk_isEnospc() {
        // A real write(2) failure, as the JDK reports one: the errno text as the message.
        try {
            Files.writeString(Path.of("/dev/full"), "x");
        } catch (IOException e) {
            assertThat(SysfsErrno.of(e)).isEqualTo("ENOSPC");
            return;
        }
        throw new AssertionError("writing /dev/full succeeded");
    }
}
