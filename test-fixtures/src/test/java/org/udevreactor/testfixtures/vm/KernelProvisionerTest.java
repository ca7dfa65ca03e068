package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelProvisionerTest {
    @TempDir
    Path cache;

    @Test
    void pruneOtherAbis_finishedOlderTree_isRemovedWithItsLock() throws Exception {
        Path old = Files.createDirectories(cache.resolve("6.1.0-55-amd64/image/boot"));
        Files.writeString(cache.resolve("6.1.0-55-amd64/ready"), "digest\n");
        Files.writeString(cache.resolve("6.1.0-55-amd64.lock"), "");
        Files.createDirectories(cache.resolve("6.1.0-56-amd64"));
        Files.writeString(cache.resolve("6.1.0-56-amd64/ready"), "digest\n");

        KernelProvisioner.pruneOtherAbis(cache, new KernelAbi("6.1.0-56-amd64"));

        assertThat(old.getParent().getParent()).doesNotExist();
        assertThat(cache.resolve("6.1.0-55-amd64.lock")).doesNotExist();
        assertThat(cache.resolve("6.1.0-56-amd64/ready")).exists();
    }

    @Test
    void pruneOtherAbis_unfinishedTree_isLeftAlone() throws Exception {
        Path building = Files.createDirectories(cache.resolve("6.1.0-57-amd64/headers"));

        KernelProvisioner.pruneOtherAbis(cache, new KernelAbi("6.1.0-56-amd64"));

        assertThat(building).exists();
    }
}
