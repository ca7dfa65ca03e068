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
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * ModuleIndex.module() computes a module's whole load order on every call, so a walk over a
     * deep chain costs the square of its length; the index and configuration never change, so
     * each answer is kept. Only names from the index and the configuration are kept (a bounded
     * set), never a request's own string.
     */
    private final ConcurrentHashMap<String, Optional<ModuleInfo>> moduleInfos = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<String>> softdepLookups = new ConcurrentHashMap<>();

    public LoadPlanner(ModuleIndex index, ModprobeConfig config) {
        this.index = index;
        this.config = config;
    }

    private Optional<ModuleInfo> module(String name) {
        Optional<ModuleInfo> known = moduleInfos.get(name);
        if (known == null) {
            known = index.module(name);
            moduleInfos.putIfAbsent(name, known);
        }
        return known;
    }

    /**
     * What libkmod's lookup gives for a name or alias, in its order, the first step that finds
     * anything winning: modprobe.d's alias lines (before a module's own name: "alias e1000e dummy"
     * makes {@code modprobe e1000e} load dummy), then the index (a module's name, modules.alias,
     * built-ins). A string libkmod rejects (an unmatched bracket) finds nothing.
     */
    List<String> lookup(String nameOrAlias) {
        List<String> configured = configuredTargets(nameOrAlias);
        return configured.isEmpty() ? index.lookup(nameOrAlias) : configured;
    }

    private List<String> configuredTargets(String nameOrAlias) {
        if (config.aliases().isEmpty()) {
            return List.of();
        }
        return ModuleIndex.normalizeAlias(nameOrAlias).map(config::aliasTargets).orElse(List.of());
    }

    /**
     * A module's name, loaded whatever the blacklist says (as {@code modprobe NAME}), or else an
     * alias or modalias (as {@link #planForAlias}). A modprobe.d alias line matching the name
     * wins over the module itself, and what it resolves to is alias-driven: blacklisted targets
     * are skipped, as in kmod.
     */
    public LoadPlan plan(String nameOrAlias) {
        if (configuredTargets(nameOrAlias).isEmpty()) {
            Optional<ModuleInfo> named = index.module(nameOrAlias);
            if (named.isPresent() && nameOrAlias.indexOf(':') < 0) {
                Walk walk = new Walk();
                walk.add(named.get().name(), "requested", null, null, "");
                return walk.finish(nameOrAlias, List.of(named.get().name()));
            }
        }
        return planForAlias(nameOrAlias);
    }

    /**
     * Every module the alias (a device's MODALIAS, say) resolves to ({@link #lookup}), less the
     * blacklisted ones: the blacklist stops alias-driven loads only. Nothing matching is one
     * NOT_FOUND step with an empty note; a modprobe.d alias naming a module the index lacks is a
     * NOT_FOUND step noting the alias (kmod would fail to insert it).
     */
    public LoadPlan planForAlias(String alias) {
        Walk walk = new Walk();
        List<String> modules = lookup(alias);
        if (modules.isEmpty()) {
            walk.append(new PlanStep(alias, PlanStep.Action.NOT_FOUND, "", "", List.of(), "requested", true, ""));
        }
        List<String> wanted = modules.stream().filter(m -> !config.blacklisted(m)).toList();
        for (String name : wanted) {
            if (module(name).isPresent()) {
                walk.add(name, "requested", null, null, alias);
            } else if (!walk.positions.containsKey(name)) {
                walk.append(new PlanStep(name, PlanStep.Action.NOT_FOUND, "", "", List.of(), "requested", true, alias));
            }
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

        /** Adds a module unless already there; its role is "RELATION OF" (or RELATION alone when OF is null). */
        void add(String name, String relation, String of, String after, String note) {
            // Checked before anything is built: modules.dep lists every indirect dependency too, so
            // most modules are met many times.
            if (positions.containsKey(name) || open.contains(name)) {
                return;
            }
            add(module(name).orElseThrow(), of == null ? relation : relation + of, after, note);
        }

        private void add(ModuleInfo m, String role, String after, String note) {
            open.add(m.name());
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
                    add(dependencies.get(i), "dependency of ", m.name(), null, "");
                }
                for (String pre : softdep.pre()) {
                    soft(pre, "softdep pre of ", m.name(), null);
                }
                hardDependencies.put(m.name(), m.dependencies());
                List<String> requires = new ArrayList<>(m.dependencies());
                if (after != null) {
                    requires.add(after);
                }
                step = new PlanStep(m.name(), PlanStep.Action.LOAD, m.path(), config.options(m.name()), requires, role, false, note);
                append(step);
                for (String post : softdep.post()) {
                    soft(post, "softdep post of ", m.name(), m.name());
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

        private void soft(String nameOrAlias, String relation, String of, String after) {
            List<String> found = softdepLookups.computeIfAbsent(nameOrAlias, LoadPlanner.this::lookup);
            if (found.isEmpty()) {
                notFound(nameOrAlias, relation + of);
            }
            for (String name : found) {
                if (module(name).isPresent()) {
                    add(name, relation, of, after, "");
                } else {
                    notFound(name, relation + of); // a modprobe.d alias naming a module the index lacks
                }
            }
        }

        private void notFound(String name, String role) {
            if (!positions.containsKey(name)) {
                append(new PlanStep(name, PlanStep.Action.NOT_FOUND, "", "", List.of(), role, false, ""));
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
