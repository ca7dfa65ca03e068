package org.udevreactor.reactor.daemon.handling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoadReport;
import org.udevreactor.reactor.modules.LoadResult;
import org.udevreactor.reactor.modules.ModuleLoader;
import org.udevreactor.reactor.modules.PlanStep;

/**
 * Module loads for devices: the MODALIAS autoload and a rule's {@code load} list. Carried out by
 * the {@link ModuleLoader}, or in a dry run only planned; or off, with the reason, when there is no
 * index (a kernel without module support, or a dry run without one).
 */
public final class ModuleActions {
    private final LoadPlanner planner;
    private final ModuleLoader loader;
    private final String offReason;

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

    /** What the device's MODALIAS needs; matching nothing is "nothing to do". */
    public ActionResult autoload(String modalias) throws InterruptedException {
        if (offReason != null) {
            return ActionResult.nothing("module autoload off (" + offReason + ")");
        }
        if (loader == null) {
            LoadPlan plan = planner.planForAlias(modalias);
            if (plan.steps().size() == 1 && plan.steps().get(0).action() == PlanStep.Action.NOT_FOUND) {
                return ActionResult.nothing("no module for " + modalias);
            }
            return ActionResult.done("plan: " + describe(plan));
        }
        LoadReport report = loader.loadForDevice(modalias);
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
                ActionResult one = summarise(loader.load(module));
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
