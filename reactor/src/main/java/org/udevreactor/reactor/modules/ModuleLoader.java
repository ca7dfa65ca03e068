package org.udevreactor.reactor.modules;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.udevreactor.netlink.NativeCallException;

/**
 * Carries out load plans against the kernel. Before each module it reads the kernel's state
 * (never a cache: modules also come and go by other means), waits a bounded time for one still
 * "coming", and loads an absent one with finit_module (init_module for a module it had to
 * decompress itself). EEXIST is success. A module whose hard dependency did not end up in the
 * kernel is skipped, not tried.
 *
 * <p>Single-flight: concurrent requests for one module share one kernel call; this process
 * never has two finit_module calls for one module at once (duplicate loads make every caller
 * read and vmalloc the whole file before the kernel can refuse all but one).
 */
public final class ModuleLoader {
    private static final int EIO = 5;

    /**
     * @param comingTimeout how long to wait for a module another loader is initialising
     * @param pollInterval how often its state is read while waiting
     */
    public record Settings(Duration comingTimeout, Duration pollInterval) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMillis(20));

        public Settings {
            if (comingTimeout.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("comingTimeout must be >= 0 and pollInterval > 0, got " + comingTimeout + ", " + pollInterval);
            }
        }
    }

    private final LoadPlanner planner;
    private final KernelModules kernel;
    private final Path modulesDir;
    private final LoaderClock clock;
    private final Settings settings;
    private final LoadStatistics statistics = new LoadStatistics();
    private final ConcurrentHashMap<String, CompletableFuture<LoadResult>> inFlight = new ConcurrentHashMap<>();

    public ModuleLoader(LoadPlanner planner, KernelModules kernel, Path modulesDir, LoaderClock clock, Settings settings) {
        this.planner = planner;
        this.kernel = kernel;
        this.modulesDir = modulesDir;
        this.clock = clock;
        this.settings = settings;
    }

    /** {@code modprobe NAME}: a module name (blacklist not applied) or an alias. */
    public LoadReport load(String nameOrAlias) throws InterruptedException {
        return execute(planner.plan(nameOrAlias));
    }

    /** What a device's MODALIAS needs, blacklist applied; matching nothing is an empty success. */
    public LoadReport loadForDevice(String modalias) throws InterruptedException {
        LoadPlan plan = planner.planForAlias(modalias);
        if (plan.steps().size() == 1 && plan.steps().get(0).action() == PlanStep.Action.NOT_FOUND
                && plan.steps().get(0).note().isEmpty()) {
            return new LoadReport(new LoadPlan(modalias, List.of()), List.of(), Duration.ZERO);
        }
        return execute(plan);
    }

    public LoadStatistics statistics() {
        return statistics;
    }

    /**
     * Carries out the plans, up to {@code jobs} at once, and returns their reports in the plans'
     * order. Plans that share a module share its load (single-flight), so coldplugging many
     * devices that need the same modules makes one kernel call per module. {@code jobs} 1 runs
     * them one after another on the calling thread.
     */
    public List<LoadReport> executeAll(List<LoadPlan> plans, int jobs) throws InterruptedException {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        List<LoadReport> reports = new ArrayList<>(plans.size());
        if (jobs == 1 || plans.size() < 2) {
            for (LoadPlan plan : plans) {
                reports.add(execute(plan));
            }
            return reports;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, plans.size()), r -> {
            Thread t = new Thread(r, "module-load-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<LoadReport>> running = new ArrayList<>(plans.size());
            for (LoadPlan plan : plans) {
                running.add(pool.submit(() -> execute(plan)));
            }
            for (Future<LoadReport> report : running) {
                reports.add(report.get());
            }
            return reports;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a load job failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public LoadReport execute(LoadPlan plan) throws InterruptedException {
        long start = clock.nanoTime();
        Map<String, LoadResult> byModule = new HashMap<>();
        List<LoadResult> results = new ArrayList<>(plan.steps().size());
        for (PlanStep step : plan.steps()) {
            LoadResult result = switch (step.action()) {
                case BUILTIN -> new LoadResult.Builtin(step.module(), Duration.ZERO);
                case BLACKLISTED -> new LoadResult.Blacklisted(step.module(), step.note(), Duration.ZERO);
                case NOT_FOUND -> new LoadResult.NotFound(step.module(), Duration.ZERO);
                case INSTALL_COMMAND -> new LoadResult.Skipped(step.module(),
                        "modprobe.d has \"" + step.note() + "\"; install commands are never run", Duration.ZERO);
                case LOAD -> loadUnlessBlocked(step, byModule);
            };
            statistics.record(result);
            byModule.put(step.module(), result);
            results.add(result);
        }
        return new LoadReport(plan, results, elapsedSince(start));
    }

    private LoadResult loadUnlessBlocked(PlanStep step, Map<String, LoadResult> byModule) throws InterruptedException {
        for (String required : step.requires()) {
            LoadResult before = byModule.get(required);
            if (before != null && !before.satisfied()) {
                return new LoadResult.Skipped(step.module(), "needs " + required + ", which was not loaded ("
                        + before.getClass().getSimpleName() + ")", Duration.ZERO);
            }
        }
        return loadOne(step);
    }

    private LoadResult loadOne(PlanStep step) throws InterruptedException {
        long start = clock.nanoTime();
        LoadResult settled = settledState(step, start);
        if (settled != null) {
            return settled;
        }
        CompletableFuture<LoadResult> mine = new CompletableFuture<>();
        CompletableFuture<LoadResult> running = inFlight.putIfAbsent(step.module(), mine);
        if (running != null) {
            return awaitShared(running);
        }
        try {
            // Another flight may have finished between the state read and taking the slot.
            LoadResult result = settledState(step, start);
            if (result == null) {
                result = insert(step, start);
            }
            mine.complete(result);
            return result;
        } catch (InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(step.module(), mine);
        }
    }

    private static LoadResult awaitShared(CompletableFuture<LoadResult> running) throws InterruptedException {
        try {
            return running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new IllegalStateException("the load this request shared was interrupted", e.getCause());
            }
            throw new IllegalStateException("the load this request shared failed", e.getCause());
        }
    }

    /** The result when the kernel already settles the module (live, built in, timed out); null when absent. */
    private LoadResult settledState(PlanStep step, long start) throws InterruptedException {
        ModuleState state;
        try {
            state = awaitNotInTransition(step.module());
        } catch (IOException e) {
            return new LoadResult.Failed(step.module(), step.path(), EIO, "reading its state: " + e.getMessage(), elapsedSince(start));
        }
        return switch (state) {
            case LIVE -> new LoadResult.AlreadyLive(step.module(), elapsedSince(start));
            case BUILTIN -> new LoadResult.Builtin(step.module(), elapsedSince(start));
            case COMING, GOING -> new LoadResult.Failed(step.module(), step.path(), ModuleErrno.ETIMEDOUT,
                    "still " + state.name().toLowerCase() + " after " + settings.comingTimeout().toMillis() + " ms", elapsedSince(start));
            case ABSENT -> null;
        };
    }

    /** Reads the state until it is not COMING or GOING, or the bound passes (then the last state). */
    private ModuleState awaitNotInTransition(String module) throws IOException, InterruptedException {
        long deadline = clock.nanoTime() + settings.comingTimeout().toNanos();
        ModuleState state = kernel.state(module);
        while ((state == ModuleState.COMING || state == ModuleState.GOING) && clock.nanoTime() - deadline < 0) {
            clock.sleep(settings.pollInterval());
            state = kernel.state(module);
        }
        return state;
    }

    private LoadResult insert(PlanStep step, long start) throws InterruptedException {
        Path file = modulesDir.resolve(step.path());
        Compression compression = Compression.of(step.path());
        long callStart = clock.nanoTime();
        try {
            if (compression == Compression.NONE) {
                callStart = clock.nanoTime();
                kernel.finitModule(file, step.options(), 0);
            } else if (kernel.kernelDecompression().filter(k -> k == compression).isPresent()) {
                callStart = clock.nanoTime();
                kernel.finitModule(file, step.options(), KernelModules.MODULE_INIT_COMPRESSED_FILE);
            } else {
                byte[] image = ModuleDecompressor.decompress(file, compression);
                callStart = clock.nanoTime();
                kernel.initModule(file, image, step.options());
            }
            statistics.kernelCall(clock.nanoTime() - callStart);
            return new LoadResult.Loaded(step.module(), file.toString(), step.options(), elapsedSince(start));
        } catch (NativeCallException e) {
            statistics.kernelCall(clock.nanoTime() - callStart);
            if (e.errno() == ModuleErrno.EEXIST) {
                // Another loader won; the kernel may still be running its init.
                LoadResult settled = settledState(step, start);
                return settled != null ? settled : new LoadResult.AlreadyLive(step.module(), elapsedSince(start));
            }
            return new LoadResult.Failed(step.module(), file.toString(), e.errno(), e.call(), elapsedSince(start));
        } catch (ModuleDecompressor.CorruptModuleException e) {
            return new LoadResult.Failed(step.module(), file.toString(), ModuleErrno.ENOEXEC, e.getMessage(), elapsedSince(start));
        } catch (NoSuchFileException e) {
            return new LoadResult.Failed(step.module(), file.toString(), ModuleErrno.ENOENT, "reading the module file", elapsedSince(start));
        } catch (IOException e) {
            return new LoadResult.Failed(step.module(), file.toString(), EIO, e.getMessage(), elapsedSince(start));
        }
    }

    private Duration elapsedSince(long start) {
        return Duration.ofNanos(clock.nanoTime() - start);
    }
}
