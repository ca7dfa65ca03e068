package org.udevreactor.bench.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.udevreactor.bench.SharedData;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.daemon.PipelineCounters;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * Coldplug of a generated {@value #DEVICES}-device sysfs ({@link PassthroughHostTree}), timed from
 * "start coldplug" until every device's decision is done, two ways:
 *
 * <ul>
 * <li>{@code daemonColdplugDryRun}: the daemon's own path, {@code EventPipeline.coldplug()} as
 *     {@code reactor run --dry-run} runs it: the sysfs walk, an "add" per device through the event
 *     queue (udevd's ordering) to the workers, each device read into a snapshot, decided by the
 *     policy, its module plan made from the real Debian 6.1 index (or, for the VFs a rule sends
 *     to VFIO, the binder's plan), recorded in the registry;</li>
 * <li>{@code referenceScanAndReadUevents}: the floor, the same scan (the kernel's bus and class
 *     listings) and every device's {@code uevent} file read once, nothing else.</li>
 * </ul>
 *
 * <p>Each iteration is one coldplug into a fresh registry; afterwards every device must be in
 * the registry, handled once, nothing failed, and sample devices must carry the expected plans,
 * or the benchmark fails. Logging is at WARN (a real dry run writes one INFO line per planned
 * action; the journal's cost is not the pipeline's).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "-DREACTOR_LOG_LEVEL=WARN"})
public class ColdplugBenchmark {
    static final int DEVICES = 10_000;

    /** A passthrough host's policy: its VFs to VFIO, the GPUs with their groups, partitions left alone. */
    static final String POLICY = """
            [[rule]]
            name = "nic-vfs"
            action = "vfio"
            [rule.match]
            vendor = "8086"
            device = "1889"

            [[rule]]
            name = "gpus"
            action = "vfio"
            iommu_group = "whole"
            [rule.match]
            vendor = "10de"
            class = "0x030000/0xff0000"

            [[rule]]
            name = "no-partitions"
            action = "ignore"
            [rule.match]
            subsystem = "block"
            properties.DEVTYPE = "partition"
            """;

    @Benchmark
    public int daemonColdplugDryRun(Coldplug state) throws Exception {
        return DryRunPipeline.await(state.daemon.pipeline().coldplug());
    }

    @Benchmark
    public int referenceScanAndReadUevents(Tree tree) throws IOException {
        SysfsRoot sysfs = new SysfsRoot(tree.root);
        int read = 0;
        for (ScannedDevice device : SysfsScan.devices(sysfs)) {
            read += Files.readAllBytes(sysfs.resolve(device.devpath()).resolve("uevent")).length >= 0 ? 1 : 0;
        }
        if (read != tree.written.devices()) {
            throw new IllegalStateException("reference: read " + read + " uevent files of " + tree.written.devices() + " devices");
        }
        return read;
    }

    /** The generated tree, written once per trial into a temporary directory (on /dev/shm when there is one) and deleted after. */
    @State(Scope.Benchmark)
    public static class Tree {
        Path scratch;
        Path root;
        SysfsWriter written;

        @Setup(Level.Trial)
        public void write() throws IOException {
            // In memory when there is a tmpfs, as sysfs is.
            Path shm = Path.of("/dev/shm");
            scratch = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "coldplug-bench") : Files.createTempDirectory("coldplug-bench");
            root = scratch.resolve("sys");
            long start = System.nanoTime();
            written = PassthroughHostTree.write(root, DEVICES);
            System.out.printf("%ngenerated %,d devices in %d ms: %s%n", written.devices(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), written.bySubsystem());
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            try (Stream<Path> all = Files.walk(scratch)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The dry-run pipeline over the tree; a fresh registry for each coldplug. */
    @State(Scope.Benchmark)
    public static class Coldplug {
        DryRunPipeline daemon;
        Tree tree;
        int iterations;

        @Setup(Level.Trial)
        public void start(Tree tree) throws Exception {
            this.tree = tree;
            Path moduleDir = SharedData.debianModuleDir();
            daemon = new DryRunPipeline(tree.root, Files.createDirectories(tree.scratch.resolve("daemon")), moduleDir,
                    ModuleIndex.build(moduleDir), POLICY);
        }

        @Setup(Level.Iteration)
        public void freshRegistry() throws Exception {
            daemon.redeploy();
        }

        /** Fails unless every device was handled once, none failed, and the samples carry their plans. */
        @TearDown(Level.Iteration)
        public void check() {
            DeviceRegistry registry = daemon.registry();
            PipelineCounters counters = daemon.pipeline().counters();
            int devices = tree.written.devices();
            if (registry.size() != devices || counters.handled() != devices || counters.failed() != 0) {
                throw new IllegalStateException(String.format("coldplug of %d devices: registry %d, handled %d, failed %d%s",
                        devices, registry.size(), counters.handled(), counters.failed(), firstFailure(registry)));
            }
            expect(registry, "/devices/pci0000:17/0000:17:00.0/0000:18:00.0", "plan: load ", "ice");
            expect(registry, "/devices/pci0000:17/0000:17:00.0/0000:18:01.0", "plan: bind 0000:18:01.0 to vfio-pci", "driver_override");
            expect(registry, "/devices/pci0000:3a/0000:3a:01.0/0000:4a:00.0", "plan: bind 0000:4a:00.0 to vfio-pci", "drivers_probe");
            expect(registry, "/devices/system/cpu/cpu0", "plan: load ", "");
            expect(registry, "/devices/pci0000:3a/0000:3a:02.0/0000:5a:00.0/nvme/nvme0/nvme0n1/nvme0n1p1",
                    "ignored by rule no-partitions", "");
            if (iterations++ == 0) {
                System.out.printf("%ncoldplug checked: %d devices in the registry, %d with actions planned, 0 failed%n",
                        registry.size(), counters.acted());
            }
        }

        private static void expect(DeviceRegistry registry, String devpath, String prefix, String part) {
            String result = registry.get(devpath).map(DeviceRecord::result).orElse("(not in the registry)");
            if (!result.startsWith(prefix) || !result.contains(part)) {
                throw new IllegalStateException(devpath + ": expected \"" + prefix + "…" + part + "…\", was \"" + result + "\"");
            }
        }

        private static String firstFailure(DeviceRegistry registry) {
            return registry.snapshot().values().stream().filter(r -> !r.ok()).findFirst()
                    .map(r -> "; first failure: " + r.devpath() + ": " + r.result()).orElse("");
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            daemon.close();
        }
    }
}
