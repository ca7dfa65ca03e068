package org.udevreactor.reactor.daemon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.netlink.UeventSink;
import org.udevreactor.reactor.daemon.handling.BinderActions;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.Trigger;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.metrics.DaemonMetrics;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.Policy;

/**
 * {@code reactor run}, assembled: policy, module index, the event pipeline on Vert.x, the netlink
 * listener on its own thread, then coldplug. {@link #start} returns once coldplug decisions are
 * done (ready); the daemon then runs until {@link #close}.
 *
 * <p>Only two things are fatal, both at start: no usable netlink socket, and (outside a dry run)
 * no usable module index on a kernel that has module support. Everything else is logged and
 * the daemon carries on.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");

    /** Opens the netlink listener; a seam for tests (a tiny receive buffer, or a failure). */
    public interface ListenerOpener {
        UeventListener open(ListenerConfig config, UeventSink sink) throws NativeCallException;
    }

    /**
     * The daemon serves no files: without class-path resolving and its cache, Vert.x neither makes
     * a vertx-cache-UUID directory in /tmp at every start nor seeds a SecureRandom for its name.
     */
    static VertxOptions vertxOptions() {
        return new VertxOptions()
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
    }

    private static Vertx startVertx() {
        Vertx started = Vertx.vertx(vertxOptions());
        EventPipeline.registerCodecs(started.eventBus());
        return started;
    }

    private static void onOwnThread(Runnable task) {
        Thread thread = new Thread(task, "reactor-vertx-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** The Vert.x {@link #startVertx} made; waits for it. */
    private static Vertx started(CompletableFuture<Vertx> starting) throws StartFailure, InterruptedException {
        try {
            return starting.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StartFailure(StartFailure.SOFTWARE, "cannot start Vert.x: " + e.getCause(), e.getCause());
        }
    }

    /** How long stopping waits for queued and in-flight events; below the unit's TimeoutStopSec (90 s). */
    static final Duration STOP_DRAIN = Duration.ofSeconds(75);

    private final DaemonSettings settings;
    private final boolean dryRun;
    private final boolean trigger;
    private final ListenerOpener opener;
    private final DeviceRegistry registry = new DeviceRegistry();
    private final AtomicReference<Policy> policy = new AtomicReference<>(Policy.EMPTY);
    private final CompletableFuture<Exception> listenerFailure = new CompletableFuture<>();
    private final List<java.util.function.Consumer<DeviceEvent>> arrivalWatchers = new java.util.ArrayList<>();
    private Vertx vertx;
    /** Vert.x coming up on a thread of its own while the policy and the index are read; see {@link #start}. */
    private CompletableFuture<Vertx> vertxStarting;
    private EventPipeline pipeline;
    private UeventListener listener;
    /** The socket opened and sysfs scanned beside the rest of the start; see {@link #start}. */
    private ListenThenScan listenThenScan;
    private final LateSink lateSink = new LateSink();
    private ModuleLoading loading;
    private ModuleActions modules;
    /** Coldplug's loads begun before the pipeline is up; null when there are none (see start) and before start. */
    private EarlyColdplugLoads early;
    private BinderActions binding;
    private Binder binder;
    /** Where the module index came from, or why there is none: for status. */
    private String indexOrigin = "not loaded yet";
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public Daemon(DaemonSettings settings, boolean dryRun, boolean trigger, ListenerOpener opener) {
        if (dryRun && trigger) {
            throw new IllegalArgumentException("--trigger writes to sysfs, which a dry run does not");
        }
        this.settings = settings;
        this.dryRun = dryRun;
        this.trigger = trigger;
        this.opener = opener;
    }

    /** Starts everything and returns once coldplug decisions are done. */
    public void start() throws StartFailure, InterruptedException {
        long startNanos = System.nanoTime();
        SysfsRoot sysfs = new SysfsRoot(settings.sysfs());
        // The socket and the scan need nothing of what follows: they run beside it.
        listenThenScan = ListenThenScan.begin(opener, listenerConfig(), lateSink, sysfs);
        // Nor does Vert.x (its event loops, the bus and its codecs): it comes up beside them too.
        vertxStarting = CompletableFuture.supplyAsync(Daemon::startVertx, Daemon::onOwnThread);
        if (dryRun) {
            log.info("dry run: every decision is logged as the plan it would carry out; nothing is loaded or written");
        }
        policy.set(PolicySource.load(settings.policyDirectories()));
        ModuleIndexSource.Outcome index = ModuleIndexSource.open(settings.procfs(), settings.modulesDir(), settings.index(), !dryRun);
        indexOrigin = index instanceof ModuleIndexSource.Outcome.Ready ready ? ready.how()
                : "none: " + ((ModuleIndexSource.Outcome.Unavailable) index).reason();
        loading = moduleLoading(index);
        modules = autoload(index, loading);
        // Needs only the policy, the loader and the scan: the modules load while Vert.x and the pipeline come up.
        // Not in a dry run or with autoload off (nothing to load), nor with --trigger (its events come from the kernel).
        early = dryRun || trigger || modules.offReason().isPresent() || !EarlyColdplugLoads.enabled() ? null
                : EarlyColdplugLoads.begin(listenThenScan::devices, sysfs, policy.get(), modules, settings.workers());
        DeviceHandlers.Wiring wiring = DeviceHandlers.wire(settings, loading, modules, dryRun, policy::get, registry);
        binder = wiring.binder();
        binding = wiring.binding();

        vertx = started(vertxStarting);
        pipeline = new EventPipeline(wiring.handler(), registry, EventPipeline.DeviceScanner.of(sysfs), settings.workers());
        await(vertx.deployVerticle(pipeline), "start the event pipeline");

        arrivalWatchers.forEach(pipeline::watchArrivals);
        Trigger triggered = trigger ? new Trigger() : null;
        if (triggered != null) {
            pipeline.watchArrivals(triggered::arrived);
        }
        startListener();
        List<ScannedDevice> present = scanned(sysfs);
        int coldplugged;
        if (triggered != null) {
            coldplugged = triggerAll(sysfs, present, triggered);
        } else {
            coldplugged = await(pipeline.coldplug(present), "coldplug");
        }
        if (early != null) {
            log.debug("coldplug: {} MODALIAS loads begun early, before the pipeline was up", early.finish());
        }
        PipelineCounters c = pipeline.counters();
        log.info("ready: {} {} devices handled in {} ms ({} since exec): {} with actions{}, {} failed; registry: {} devices {}",
                trigger ? "triggered" : "coldplug:", coldplugged, millis(System.nanoTime() - startNanos),
                ProcessAge.sinceExec().map(d -> d.toMillis() + " ms").orElse("unknown"), c.acted(),
                dryRun ? " planned" : "", c.failed(),
                registry.size(), registry.countBySubsystem());
        modules.offReason().ifPresent(why -> log.info("module autoload is off: {}", why));
    }

    /**
     * The index and loader for this kernel. Fatal only outside a dry run, on a kernel with module
     * support whose index cannot be had; otherwise the machinery runs on an empty index.
     */
    private ModuleLoading moduleLoading(ModuleIndexSource.Outcome outcome) throws StartFailure {
        if (outcome instanceof ModuleIndexSource.Outcome.Ready ready) {
            log.info("module index for kernel {}: {}", ready.index().kernelRelease(), ready.how());
            return ModuleLoading.of(ready.index(), settings, !dryRun);
        }
        ModuleIndexSource.Outcome.Unavailable none = (ModuleIndexSource.Outcome.Unavailable) outcome;
        if (!none.noModuleSupport() && !dryRun) {
            throw new StartFailure(StartFailure.NO_INDEX, "no usable module index: " + none.reason(), null);
        }
        if (!none.noModuleSupport()) {
            log.warn("no usable module index: {}; a dry run carries on without module plans", none.reason());
        }
        return ModuleLoading.withoutIndex(settings);
    }

    /** The MODALIAS autoload: loads, plans (dry run), or off with the reason when there is no index. */
    private ModuleActions autoload(ModuleIndexSource.Outcome outcome, ModuleLoading loading) {
        if (outcome instanceof ModuleIndexSource.Outcome.Unavailable none) {
            return ModuleActions.off(none.noModuleSupport() ? none.reason() : "no module index: " + none.reason());
        }
        return dryRun ? ModuleActions.planOnly(loading.planner()) : ModuleActions.live(loading.planner(), loading.loader());
    }

    private ListenerConfig listenerConfig() {
        return ListenerConfig.defaults(NetlinkGroup.KERNEL)
                .withReceiveBufferBytes(settings.receiveBufferBytes()).withSysfs(settings.sysfs());
    }

    /**
     * The listener's sink, given to it when the socket is opened, before Vert.x exists: it is
     * called only once the listener is started ({@link #startListener}), when the bridge is there.
     */
    private final class LateSink implements UeventSink {
        private volatile ListenerBridge bridge;

        @Override
        public void onEvents(List<org.udevreactor.netlink.Uevent> batch) {
            bridge.onEvents(batch);
        }

        @Override
        public void onLoss(org.udevreactor.netlink.EventLoss loss) {
            bridge.onLoss(loss);
        }

        @Override
        public void onFailure(Exception failure) {
            listenerFailed(failure);
        }
    }

    /** Takes the socket {@link ListenThenScan} opened and starts receiving into the pipeline. */
    private void startListener() throws StartFailure, InterruptedException {
        try {
            listener = listenThenScan.listener();
        } catch (NativeCallException e) {
            close();
            throw new StartFailure(e.isPermissionDenied() ? StartFailure.NO_PERMISSION : StartFailure.NO_NETLINK,
                    "cannot open the netlink uevent socket: " + e.getMessage()
                            + (e.isPermissionDenied() ? " (run as root)" : " (does this kernel have CONFIG_NET and netlink uevents?)"), e);
        } catch (IllegalStateException e) {
            close();
            throw new StartFailure(StartFailure.NO_NETLINK, "cannot open the netlink uevent socket: " + e.getMessage(), e);
        }
        lateSink.bridge = new ListenerBridge(vertx.eventBus(), this::listenerFailed);
        log.info("listening to kernel uevents (receive buffer {} bytes)", listener.receiveBufferBytes());
        listener.start();
    }

    /** What {@link ListenThenScan} found, once the socket was open. */
    private List<ScannedDevice> scanned(SysfsRoot sysfs) throws StartFailure, InterruptedException {
        try {
            return listenThenScan.devices();
        } catch (IOException | RuntimeException e) {
            throw new StartFailure(StartFailure.SOFTWARE, "cannot scan sysfs at " + sysfs + ": " + e, e);
        }
    }

    private int triggerAll(SysfsRoot sysfs, List<ScannedDevice> devices, Trigger triggered) throws StartFailure, InterruptedException {
        int written = triggered.write(sysfs, devices);
        log.info("triggered {} of {} devices; waiting for their events", written, devices.size());
        int back = await(triggered.allArrived().compose(n -> pipeline.settle().map(n)), "wait for the triggered events");
        return back;
    }

    private void listenerFailed(Exception failure) {
        log.error("the netlink listener stopped: {}; the daemon cannot see device events any more and stops", failure.toString());
        listenerFailure.complete(failure);
    }

    /**
     * Calls {@code watcher} on the event loop for each event as it is queued, from the start on
     * (call before {@link #start}); it must not block.
     */
    public void watchArrivals(java.util.function.Consumer<DeviceEvent> watcher) {
        arrivalWatchers.add(watcher);
    }

    /** Completes with the listener's failure if it stops on its own; the daemon then has to exit. */
    public CompletableFuture<Exception> listenerFailure() {
        return listenerFailure;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    public PipelineCounters counters() {
        return pipeline.counters();
    }

    /** Counters and latency histograms of everything the daemon did so far. */
    public DaemonMetrics metrics() {
        return new DaemonMetrics(pipeline.counters(), pipeline.metrics(), modules, binding.metrics(),
                Optional.ofNullable(listener).map(UeventListener::stats));
    }

    /** The event queue, once the pipeline's event loop has read it; for callers that must not block. */
    public Future<QueueDepth> queueDepthLater() {
        return pipeline.depth();
    }

    /** The event queue now. */
    public QueueDepth queueDepth(Duration timeout) throws InterruptedException, StartFailure {
        return awaitFor(pipeline.depth(), "read the queue", timeout);
    }

    /** Coldplug again (see {@link EventPipeline#trigger}); returns once every device's event is handled. */
    public EventPipeline.Triggered trigger(Duration timeout) throws InterruptedException, StartFailure {
        return awaitFor(pipeline.trigger(), "trigger", timeout);
    }

    /** The settings the daemon runs with. */
    public DaemonSettings settings() {
        return settings;
    }

    /** Where the module index came from ("cached PATH", "rebuilt from …"), or "none: why". */
    public String indexOrigin() {
        return indexOrigin;
    }

    /** The Vert.x the pipeline runs on, for servers that live as long as the daemon (Prometheus). */
    public Vertx vertx() {
        return vertx;
    }

    /** The module index in use (empty on a kernel without module support). */
    public org.udevreactor.meta.ModuleIndex index() {
        return loading.index();
    }

    public org.udevreactor.reactor.modules.LoadPlanner planner() {
        return loading.planner();
    }

    /** The binder the daemon binds with; {@link Binder#plan} only reads, so explaining may call it. */
    public Binder binder() {
        return binder;
    }

    /**
     * Waits until every event the kernel had sent when called (its /sys/kernel/uevent_seqnum) has
     * been received, and every event queued by then has been handled: udevadm settle.
     */
    public void settle(Duration timeout) throws InterruptedException, StartFailure {
        awaitFor(pipeline.settle(kernelSeqnum(), SEQNUM_GRACE), "settle", timeout);
    }

    /** How long settling waits for a SEQNUM that may belong to another network namespace's event. */
    static final Duration SEQNUM_GRACE = Duration.ofSeconds(2);

    /** The kernel's last SEQNUM; 0 when sysfs has none (a fake tree). */
    private long kernelSeqnum() {
        try {
            return Long.parseLong(java.nio.file.Files.readString(settings.sysfs().resolve("kernel/uevent_seqnum")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The policy in force. */
    public Policy policy() {
        return policy.get();
    }

    /**
     * Reads the policy again. When it loads it replaces the one in force for every event handled
     * from now on; otherwise the old one stays and the errors (FILE:LINE: KEY: message, each also
     * logged) are returned.
     */
    public List<org.udevreactor.rules.PolicyError> reloadPolicy() {
        org.udevreactor.rules.LoadResult result = PolicySource.reload(settings.policyDirectories());
        if (result instanceof org.udevreactor.rules.LoadResult.Loaded loaded) {
            policy.set(loaded.policy());
            return List.of();
        }
        return ((org.udevreactor.rules.LoadResult.Failed) result).errors();
    }

    /** Completes when the pipeline's event loop runs a task: the systemd watchdog's liveness check. */
    public CompletableFuture<Void> probe() {
        return pipeline.probe().toCompletionStage().toCompletableFuture();
    }

    public Optional<UeventListener> listener() {
        return Optional.ofNullable(listener);
    }

    /**
     * Stops the listener, waits (up to {@link #STOP_DRAIN}) until the events already queued are
     * handled, then stops Vert.x. The wait matters: closing Vert.x interrupts its worker threads,
     * and a bind interrupted between its sysfs writes would leave a device half-bound.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (listener != null) {
            listener.close();
        } else if (listenThenScan != null) {
            listenThenScan.close();
        }
        if (early != null) {
            early.close();
        }
        if (pipeline != null && pipeline.deploymentID() != null) {
            try {
                awaitFor(pipeline.settle(), "finish the events in progress", STOP_DRAIN);
            } catch (StartFailure e) {
                log.error("stopping: {}; work still in progress is interrupted", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (vertx == null && vertxStarting != null) {
            // The start failed before taking it (no index): it is stopped all the same.
            vertx = vertxStarting.handle((started, failed) -> started).join();
        }
        if (vertx != null) {
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("stopping Vert.x: {}", e.toString());
            }
        }
    }

    private static <T> T await(Future<T> future, String what) throws StartFailure, InterruptedException {
        return awaitFor(future, what, Duration.ofDays(1));
    }

    private static <T> T awaitFor(Future<T> future, String what, Duration timeout) throws StartFailure, InterruptedException {
        CompletableFuture<T> done = future.toCompletionStage().toCompletableFuture();
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StartFailure(StartFailure.SOFTWARE, "cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StartFailure(StartFailure.SOFTWARE, "cannot " + what + " within " + timeout.toSeconds() + " s", e);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
