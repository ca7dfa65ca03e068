package org.udevreactor.reactor.daemon.handling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoadReport;
import org.udevreactor.reactor.modules.LoadResult;
import org.udevreactor.reactor.modules.LoadStatistics;
import org.udevreactor.reactor.modules.ModuleLoader;
import org.udevreactor.reactor.modules.PlanStep;
import org.udevreactor.reactor.metrics.LatencyHistogram;

/**
 * Module loads for devices: the MODALIAS autoload and a rule's {@code load} list. Carried out by
 * the {@link ModuleLoader}, or in a dry run only planned; or off, with the reason, when there is no
 * index (a kernel without module support, or a dry run without one).
 */
public final class ModuleActions {
    private final LoadPlanner planner;
    private final ModuleLoader loader;
    private final String offReason;
    private final java.util.concurrent.atomic.LongAdder lookups = new java.util.concurrent.atomic.LongAdder();
    private final LatencyHistogram loadLatency = new LatencyHistogram();
    /** Autoloads begun before coldplug handles their devices ({@link #autoloadEarly}), by MODALIAS, until one is taken. */
    private final ConcurrentHashMap<String, CompletableFuture<ActionResult>> early = new ConcurrentHashMap<>();

    private ModuleActions(LoadPlanner planner, ModuleLoader loader, String offReason) {
        this.planner = planner;
        this.loader = loader;
        this.offReason = offReason;
    }

    /** Loads for real. */
    public static ModuleActions live(LoadPlanner planner, ModuleLoader loader) {
        return new ModuleActions(planner, loader, null);
    }

    /** Plans only: nothing is loaded. */
    public static ModuleActions planOnly(LoadPlanner planner) {
        return new ModuleActions(planner, null, null);
    }

    /** No loads and no plans, for this reason (said once at start, and in each device's result). */
    public static ModuleActions off(String reason) {
        return new ModuleActions(null, null, reason);
    }

    public Optional<String> offReason() {
        return Optional.ofNullable(offReason);
    }

    /** MODALIAS lookups in the index made by the autoload (plans included). */
    public long lookups() {
        return lookups.sum();
    }

    /** How long each autoload or rule's load took, dependencies and waits for coming modules included. */
    public LatencyHistogram loadLatency() {
        return loadLatency;
    }

    /** The loader's results by kind and its kernel calls; empty when nothing is loaded (dry run, autoload off). */
    public Optional<LoadStatistics> loadStatistics() {
        return Optional.ofNullable(loader).map(ModuleLoader::statistics);
    }

    /**
     * What the device's MODALIAS needs; matching nothing is "nothing to do". When an early autoload
     * of this MODALIAS was begun ({@link #autoloadEarly}) and not taken yet, this takes its result
     * (waiting for it) instead of loading: the device's result then says what that load did.
     */
    public ActionResult autoload(String modalias) throws InterruptedException {
        if (offReason != null) {
            return ActionResult.nothing("module autoload off (" + offReason + ")");
        }
        CompletableFuture<ActionResult> begun = early.isEmpty() ? null : early.remove(modalias);
        if (begun != null) {
            try {
                return begun.get();
            } catch (ExecutionException e) {
                return ActionResult.failed("failed: " + e.getCause());
            }
        }
        return autoloadNow(modalias);
    }

    /**
     * Begins the autoload of a MODALIAS on {@code pool} now, for a device that coldplug will
     * handle once the pipeline is up; the first {@link #autoload} of that MODALIAS takes the
     * result. Nothing is begun (null) when nothing would be loaded (autoload off, a dry run) or
     * when one was begun for it already. Loads are never doubled either way: the loader reads the
     * kernel's state before each module and shares a load in flight.
     */
    public CompletableFuture<ActionResult> autoloadEarly(String modalias, Executor pool) {
        if (offReason != null || loader == null) {
            return null;
        }
        CompletableFuture<ActionResult> begun = new CompletableFuture<>();
        if (early.putIfAbsent(modalias, begun) != null) {
            return null;
        }
        try {
            pool.execute(() -> {
                try {
                    begun.complete(autoloadNow(modalias));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    begun.complete(ActionResult.failed("interrupted (the daemon is stopping)"));
                } catch (RuntimeException e) {
                    begun.complete(ActionResult.failed("failed: " + e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            early.remove(modalias, begun);
            return null;
        }
        return begun;
    }

    /**
     * Waits for the early autoloads no device took (its device went away before coldplug handled
     * it, or another device with its MODALIAS took the result first) and forgets them, so that a
     * later device's autoload loads afresh. Called once coldplug is done.
     */
    public void endEarly() throws InterruptedException {
        for (CompletableFuture<ActionResult> left : early.values()) {
            try {
                left.get();
            } catch (ExecutionException e) {
                // Already a failed result; nobody asks for it any more.
            }
        }
        early.clear();
    }

    /**
     * Gives up the early autoloads (the daemon stops before coldplug is done): one not run yet
     * never will be, so each that has not finished is completed as not loaded now, and all are
     * forgotten.
     */
    public void abandonEarly() {
        early.values().forEach(begun -> begun.complete(ActionResult.failed("not loaded early: the daemon stopped during coldplug")));
        early.clear();
    }

    private ActionResult autoloadNow(String modalias) throws InterruptedException {
        lookups.increment();
        if (loader == null) {
            LoadPlan plan = planner.planForAlias(modalias);
            if (plan.steps().size() == 1 && plan.steps().get(0).action() == PlanStep.Action.NOT_FOUND) {
                return ActionResult.nothing("no module for " + modalias);
            }
            return ActionResult.done("plan: " + describe(plan));
        }
        long start = System.nanoTime();
        LoadReport report = loader.loadForDevice(modalias);
        loadLatency.record(System.nanoTime() - start);
        if (report.results().isEmpty()) {
            return ActionResult.nothing("no module for " + modalias);
        }
        return summarise(report);
    }

    /** A rule's modules, each with its dependencies, in the rule's order. */
    public ActionResult load(List<String> modules) throws InterruptedException {
        if (offReason != null) {
            return ActionResult.failed("cannot load " + String.join(", ", modules) + ": " + offReason);
        }
        List<String> parts = new ArrayList<>();
        boolean ok = true;
        for (String module : modules) {
            if (loader == null) {
                parts.add(describe(planner.plan(module)));
            } else {
                long start = System.nanoTime();
                LoadReport report = loader.load(module);
                loadLatency.record(System.nanoTime() - start);
                ActionResult one = summarise(report);
                ok &= one.ok();
                parts.add(one.summary());
            }
        }
        String joined = String.join("; ", parts);
        return loader == null ? ActionResult.done("plan: " + joined) : new ActionResult(joined, ok, true);
    }

    /** "load ptp, e1000e" / "builtin x" / "skip y (blacklisted)" / "missing z", grouped by what happens. */
    static String describe(LoadPlan plan) {
        List<String> out = new ArrayList<>();
        for (PlanStep.Action action : PlanStep.Action.values()) {
            String modules = plan.steps().stream().filter(s -> s.action() == action).map(PlanStep::module)
                    .collect(Collectors.joining(", "));
            if (!modules.isEmpty()) {
                out.add(switch (action) {
                    case LOAD -> "load " + modules;
                    case BUILTIN -> "built in: " + modules;
                    case BLACKLISTED -> "blacklisted: " + modules;
                    case NOT_FOUND -> "missing: " + modules;
                    case INSTALL_COMMAND -> "install command, not run: " + modules;
                });
            }
        }
        return String.join("; ", out);
    }

    private static ActionResult summarise(LoadReport report) {
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < report.results().size(); i++) {
            LoadResult r = report.results().get(i);
            boolean essential = report.plan().steps().get(i).essential();
            if (r instanceof LoadResult.Loaded) {
                out.add("loaded " + r.module());
            } else if (r instanceof LoadResult.AlreadyLive) {
                out.add("live " + r.module());
            } else if (r instanceof LoadResult.Builtin) {
                out.add("builtin " + r.module());
            } else if (r instanceof LoadResult.Blacklisted) {
                out.add("blacklisted " + r.module());
            } else if (r instanceof LoadResult.NotFound) {
                out.add("missing " + r.module());
                ok &= !essential;
            } else if (r instanceof LoadResult.Skipped s) {
                out.add("skipped " + s.module() + " (" + s.reason() + ")");
                ok &= !essential;
            } else if (r instanceof LoadResult.Failed f) {
                out.add("failed " + f.message());
                ok &= !essential;
            }
        }
        return new ActionResult(String.join(", ", out), ok, true);
    }
}
