package org.udevreactor.bench.daemon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.daemon.DeviceHandlers;
import org.udevreactor.reactor.daemon.EventPipeline;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyLoader;

/**
 * The daemon's event pipeline as {@code reactor run --dry-run} deploys it (the same
 * {@link DeviceHandlers#dryRun} handler, {@link EventPipeline} with the default number of
 * workers, sysfs scanned by {@link SysfsScan}), on Vert.x, with a fresh registry each time it is
 * deployed. The netlink listener is left out: callers feed the bus themselves or coldplug.
 */
final class DryRunPipeline implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final DaemonSettings settings;
    private final ModuleIndex index;
    private final Policy policy;
    private DeviceRegistry registry;
    private EventPipeline pipeline;

    /**
     * @param sysfs     the tree to scan and read
     * @param scratch   an empty directory for the fake procfs (the binder's guards, the command line) and the rules
     * @param moduleDir the module directory the index was built from (softdeps, modules.builtin)
     * @param rules     the policy file's text
     */
    DryRunPipeline(Path sysfs, Path scratch, Path moduleDir, ModuleIndex index, String rules) throws IOException {
        Path proc = scratch.resolve("proc");
        // The binder's guards: nothing mounted from the devices, no default route.
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("self/mountinfo"), "22 1 0:21 / / rw - tmpfs tmpfs rw\n");
        Files.writeString(proc.resolve("net/route"), "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n");
        Files.writeString(proc.resolve("net/ipv6_route"), "");
        Files.writeString(proc.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz-6.1.0-56-amd64 root=/dev/nvme0n1p2 ro quiet intel_iommu=on\n");
        Path rulesDir = Files.createDirectories(scratch.resolve("rules.d"));
        Path rulesFile = Files.writeString(rulesDir.resolve("50-bench.toml"), rules);
        LoadResult loaded = PolicyLoader.loadFiles(List.of(rulesFile));
        if (!(loaded instanceof LoadResult.Loaded ok)) {
            throw new IllegalStateException("the benchmark's policy does not load: " + ((LoadResult.Failed) loaded).errors());
        }
        this.policy = ok.policy();
        this.index = index;
        this.settings = new DaemonSettings(sysfs, proc, moduleDir, scratch.resolve("state"), scratch.resolve("state/meta.pb"),
                List.of(rulesDir), List.of(), DaemonSettings.DEFAULT_RECEIVE_BUFFER_BYTES, DaemonSettings.DEFAULT_WORKERS,
                Duration.ofSeconds(30));
        EventPipeline.registerCodecs(vertx.eventBus());
    }

    /** Undeploys the previous pipeline, if any, and deploys a new one with an empty registry. */
    void redeploy() throws Exception {
        if (pipeline != null) {
            await(vertx.undeploy(pipeline.deploymentID()));
        }
        registry = new DeviceRegistry();
        SysfsRoot sysfs = new SysfsRoot(settings.sysfs());
        pipeline = new EventPipeline(DeviceHandlers.dryRun(settings, index, () -> policy, registry), registry,
                EventPipeline.DeviceScanner.of(sysfs), settings.workers());
        await(vertx.deployVerticle(pipeline));
    }

    Vertx vertx() {
        return vertx;
    }

    EventPipeline pipeline() {
        return pipeline;
    }

    DeviceRegistry registry() {
        return registry;
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
    }
}
