package org.udevreactor.reactor.modules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.udevreactor.meta.FnmatchPattern;

/**
 * modprobe configuration as the loader applies it: modprobe.d files (see
 * {@link ModprobeDirectories}) then the kernel command line ({@link KernelCommandLine}).
 * Immutable once built; module names are kept as libkmod spells them ('-' becomes '_').
 */
public final class ModprobeConfig {
    public static final ModprobeConfig EMPTY = new Builder().build();

    /** softdep lines of modprobe.d for one module: they replace modules.softdep's for it. */
    public record Softdep(List<String> pre, List<String> post) {
        public Softdep {
            pre = List.copyOf(pre);
            post = List.copyOf(post);
        }
    }

    /**
     * An {@code alias} line: a lookup string that matches {@code pattern} (fnmatch, both sides
     * normalised as libkmod normalises aliases) resolves to {@code module}.
     */
    public record Alias(FnmatchPattern pattern, String module) {
    }

    /** A line that was not applied, with where it is ("FILE:LINE") and why. */
    public record Problem(String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    private final Map<String, List<String>> options;
    private final Set<String> blacklist;
    private final Map<String, Softdep> softdeps;
    private final Map<String, String> installCommands;
    private final Map<String, String> removeCommands;
    private final List<Alias> aliases;
    private final List<Problem> problems;

    private ModprobeConfig(Builder b) {
        Map<String, List<String>> opts = new HashMap<>();
        b.options.forEach((k, v) -> opts.put(k, List.copyOf(v)));
        options = Map.copyOf(opts);
        blacklist = Set.copyOf(b.blacklist);
        softdeps = Map.copyOf(b.softdeps);
        installCommands = Map.copyOf(b.installCommands);
        removeCommands = Map.copyOf(b.removeCommands);
        aliases = List.copyOf(b.aliases);
        problems = List.copyOf(b.problems);
    }

    /** Every option for the module, files first then the kernel command line, space separated. */
    public String options(String module) {
        List<String> all = options.get(module);
        return all == null ? "" : String.join(" ", all);
    }

    public boolean blacklisted(String module) {
        return blacklist.contains(module);
    }

    public Optional<Softdep> softdep(String module) {
        return Optional.ofNullable(softdeps.get(module));
    }

    /** The install command modprobe would run instead of loading; this loader never runs it. */
    public Optional<String> installCommand(String module) {
        return Optional.ofNullable(installCommands.get(module));
    }

    public Optional<String> removeCommand(String module) {
        return Optional.ofNullable(removeCommands.get(module));
    }

    /** The alias lines in the order they were read. */
    public List<Alias> aliases() {
        return aliases;
    }

    /**
     * The modules of every alias line whose pattern matches {@code normalizedName} (see
     * {@code ModuleIndex.normalizeAlias}), in the order the lines were read, repeats kept; empty
     * when none matches. libkmod consults these before anything else, a module's own name
     * included, and takes each target as a module name, never as an alias to look up again.
     */
    public List<String> aliasTargets(String normalizedName) {
        List<String> targets = List.of();
        for (Alias alias : aliases) {
            if (alias.pattern().matches(normalizedName)) {
                if (targets.isEmpty()) {
                    targets = new ArrayList<>();
                }
                targets.add(alias.module());
            }
        }
        return targets;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Collects lines in the order modprobe reads them; later options add to earlier ones. */
    public static final class Builder {
        private final Map<String, List<String>> options = new LinkedHashMap<>();
        private final Set<String> blacklist = new HashSet<>();
        private final Map<String, Softdep> softdeps = new HashMap<>();
        private final Map<String, String> installCommands = new HashMap<>();
        private final Map<String, String> removeCommands = new HashMap<>();
        private final List<Alias> aliases = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();

        public Builder option(String module, String option) {
            options.computeIfAbsent(ModuleName.of(module), k -> new ArrayList<>()).add(option);
            return this;
        }

        public Builder blacklist(String module) {
            blacklist.add(ModuleName.of(module));
            return this;
        }

        /** As in libkmod, the first softdep line for a module is the one that counts. */
        public Builder softdep(String module, List<String> pre, List<String> post) {
            softdeps.putIfAbsent(ModuleName.of(module), new Softdep(pre, post));
            return this;
        }

        public Builder install(String module, String command) {
            installCommands.putIfAbsent(ModuleName.of(module), command);
            return this;
        }

        public Builder remove(String module, String command) {
            removeCommands.putIfAbsent(ModuleName.of(module), command);
            return this;
        }

        /** An alias line; the pattern as ModuleIndex.normalizeAlias gives it. Every line counts, in order. */
        public Builder alias(String normalizedPattern, String module) {
            aliases.add(new Alias(FnmatchPattern.compile(normalizedPattern), ModuleName.of(module)));
            return this;
        }

        public Builder problem(String where, String message) {
            problems.add(new Problem(where, message));
            return this;
        }

        public ModprobeConfig build() {
            return new ModprobeConfig(this);
        }
    }
}
