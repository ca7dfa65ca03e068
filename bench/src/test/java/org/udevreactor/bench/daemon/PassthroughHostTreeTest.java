package org.udevreactor.bench.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/** The benchmark's generated host: the daemon's scan finds exactly the devices written, with their subsystems. */
class PassthroughHostTreeTest {
    private Path dir;

    /** In memory when there is a tmpfs, as the benchmark writes it: on a disk the 10,000 devices take minutes. */
    @BeforeEach
    void scratch() throws Exception {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "passthrough-tree") : Files.createTempDirectory("passthrough-tree");
    }

    @AfterEach
    void delete() throws Exception {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void write_tenThousandDevices_theScanFindsEachWithItsSubsystemParentsFirst() throws Exception {
        SysfsWriter written = PassthroughHostTree.write(dir.resolve("sys"), ColdplugBenchmark.DEVICES);
        var scanned = SysfsScan.devices(new SysfsRoot(dir.resolve("sys")));

        Map<String, String> found = new TreeMap<>();
        scanned.forEach(d -> found.put(d.devpath(), d.subsystem()));
        assertThat(written.devices()).isEqualTo(ColdplugBenchmark.DEVICES);
        assertThat(scanned).hasSize(ColdplugBenchmark.DEVICES);
        assertThat(found).isEqualTo(written.written());
        // Sorted by devpath: a parent's path is a prefix of its child's, so it comes first.
        assertThat(scanned).extracting(ScannedDevice::devpath).isSorted();
    }
}
