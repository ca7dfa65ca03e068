package org.udevreactor.reactor.modules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.ModuleInfo;

/**
 * Turns a module name or a modalias into a {@link LoadPlan}, in the order modprobe loads things
 * (checked against {@code modprobe --show-depends}): for each module its dependencies
 * (modules.dep's list from its end, each walked the same way, each once), then its softdep "pre"
 * modules, then the module, then its softdep "post" modules. A module already in the plan is not added again, which
 * also cuts cycles (depmod refuses hard ones; softdeps can form them). Pure and thread-safe.
 */
public final class LoadPlanner {
    private final ModuleIndex index;
    private final ModprobeConfig config;

    public LoadPlanner(ModuleIndex index, ModprobeConfig config) {
        this.index = index;
        this.config = config;
    }

    /**
     * A module's name, loaded whatever the blacklist says (as {@code modprobe NAME}), or else an
     * alias or modalias (as {@link #planForAlias}).
     */
    public LoadPlan plan(String nameOrAlias) {
        Optional<ModuleInfo> named = index.module(nameOrAlias);
        if (named.isPresent() && nameOrAlias.indexOf(':') < 0) {
            Walk walk = new Walk();
            walk.add(named.get(), "requested", null, "");
            return walk.finish(nameOrAlias, List.of(named.get().name()));
        }
        return planForAlias(nameOrAlias);
    }

    /**
     * Every module the alias (a device's MODALIAS, say) resolves to, in libkmod's order, less the
     * blacklisted ones: the blacklist stops alias-driven loads only. Nothing matching is one
     * NOT_FOUND step.
     */
    public LoadPlan planForAlias(String alias) {
        Walk walk = new Walk();
        List<String> modules = index.lookup(alias);
        if (modules.isEmpty()) {
            walk.append(new PlanStep(alias, PlanStep.Action.NOT_FOUND, "", "", List.of(), "requested", true, ""));
        }
        List<String> wanted = modules.stream().filter(m -> !config.blacklisted(m)).toList();
        for (String name : wanted) {
            walk.add(index.module(name).orElseThrow(), "requested", null, alias);
        }
        // Last, and only when no wanted module pulled it in as a softdep (kmod loads it then too).
        for (String name : modules) {
            if (config.blacklisted(name) && !walk.positions.containsKey(name)) {
                walk.append(new PlanStep(name, PlanStep.Action.BLACKLISTED, "", "", List.of(), "requested", true, alias));
            }
        }
        return walk.finish(alias, wanted);
    }

    /**
     * One depth-first walk. A module is added when its own walk ends, so everything it needs
     * comes first; a module met again while its walk is still open is a cycle, and is cut.
     */
    private final class Walk {
        final List<PlanStep> steps = new ArrayList<>();
        final Map<String, Integer> positions = new HashMap<>();
        private final Set<String> open = new HashSet<>();
        private final Map<String, List<String>> hardDependencies = new HashMap<>();

        void add(ModuleInfo m, String role, String after, String note) {
            if (positions.containsKey(m.name()) || !open.add(m.name())) {
                return;
            }
            PlanStep step;
            Optional<String> install = config.installCommand(m.name());
            if (m.builtin()) {
                step = new PlanStep(m.name(), PlanStep.Action.BUILTIN, "", "", List.of(), role, false, note);
            } else if (install.isPresent()) {
                step = new PlanStep(m.name(), PlanStep.Action.INSTALL_COMMAND, "", "", List.of(), role, false,
                        "install " + install.get());
            } else {
                ModprobeConfig.Softdep softdep = config.softdep(m.name())
                        .orElseGet(() -> new ModprobeConfig.Softdep(m.softdepPre(), m.softdepPost()));
                // modules.dep lists the most basic dependency last; modprobe loads from the end.
                List<String> dependencies = m.dependencies();
                for (int i = dependencies.size() - 1; i >= 0; i--) {
                    add(index.module(dependencies.get(i)).orElseThrow(), "dependency of " + m.name(), null, "");
                }
                for (String pre : softdep.pre()) {
                    soft(pre, "softdep pre of " + m.name(), null);
                }
                hardDependencies.put(m.name(), m.dependencies());
                List<String> requires = new ArrayList<>(m.dependencies());
                if (after != null) {
                    requires.add(after);
                }
                step = new PlanStep(m.name(), PlanStep.Action.LOAD, m.path(), config.options(m.name()), requires, role, false, note);
                append(step);
                for (String post : softdep.post()) {
                    soft(post, "softdep post of " + m.name(), m.name());
                }
                open.remove(m.name());
                return;
            }
            append(step);
            open.remove(m.name());
        }

        void append(PlanStep step) {
            positions.put(step.module(), steps.size());
            steps.add(step);
        }

        private void soft(String nameOrAlias, String role, String after) {
            List<String> found = index.lookup(nameOrAlias);
            if (found.isEmpty()) {
                if (!positions.containsKey(nameOrAlias)) {
                    append(new PlanStep(nameOrAlias, PlanStep.Action.NOT_FOUND, "", "", List.of(), role, false, ""));
                }
                return;
            }
            for (String name : found) {
                add(index.module(name).orElseThrow(), role, after, "");
            }
        }

        /** The requested modules and, transitively, their hard dependencies decide the outcome. */
        LoadPlan finish(String request, List<String> requested) {
            Deque<String> todo = new ArrayDeque<>(requested);
            Set<String> essential = new HashSet<>();
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (essential.add(name)) {
                    todo.addAll(hardDependencies.getOrDefault(name, List.of()));
                }
            }
            for (int i = 0; i < steps.size(); i++) {
                if (essential.contains(steps.get(i).module())) {
                    steps.set(i, steps.get(i).asEssential());
                }
            }
            return new LoadPlan(request, steps);
        }
    }
}
