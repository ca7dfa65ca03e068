package org.udevreactor.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.udevreactor.meta.proto.InputFile;
import org.udevreactor.meta.proto.ModuleIndexFile;
import org.udevreactor.meta.proto.Softdeps;

/**
 * A loaded module index: answers which modules a modalias needs, exactly as libkmod's
 * {@code kmod_module_new_from_lookup} does with no modprobe.d configuration (so as
 * {@code modprobe -R} does on a system without modprobe.d aliases), plus module details and the
 * VFIO variant ranking. Immutable and safe to share between threads.
 */
public final class ModuleIndex {
    private final String kernelRelease;
    private final List<InputFile> inputs;
    private final ModuleColumns modules;
    private final AliasTrie aliases;
    private final AliasTrie builtinAliases;
    private volatile LibkmodWildcardSearch aliasSearch;
    private volatile LibkmodWildcardSearch builtinAliasSearch;

    private ModuleIndex(ModuleIndexFile file) {
        kernelRelease = file.getKernelRelease();
        inputs = List.copyOf(file.getInputsList());
        modules = new ModuleColumns(file.getModules());
        aliases = new AliasTrie(file.getAliases());
        builtinAliases = new AliasTrie(file.getBuiltinAliases());
        checkValues(aliases, modules.count());
        checkValues(builtinAliases, modules.count());
    }

    private static void checkValues(AliasTrie trie, int modules) {
        for (int v = 0; v < trie.valueEnd(trie.nodeCount() - 1); v++) {
            if (trie.valueModule(v) >= modules) {
                throw new IllegalArgumentException("alias value names module #" + trie.valueModule(v) + " of " + modules);
            }
        }
    }

    public static ModuleIndex of(ModuleIndexFile file) {
        return new ModuleIndex(file);
    }

    public static ModuleIndex load(Path metaPb) throws IOException {
        return new ModuleIndex(MetaFiles.read(metaPb));
    }

    /** Builds the index of a module directory in memory, without writing meta.pb. */
    public static ModuleIndex build(Path moduleDir) throws IOException {
        return new ModuleIndex(ModuleIndexBuilder.build(moduleDir));
    }

    public String kernelRelease() {
        return kernelRelease;
    }

    /**
     * The depmod files of {@code moduleDir} that are not what this index was built from; empty
     * when the index is up to date.
     */
    public List<String> changedInputs(Path moduleDir) throws IOException {
        return InputFiles.changed(inputs, moduleDir);
    }

    /**
     * {@code alias} as libkmod compares aliases: '-' becomes '_' outside bracket expressions.
     * Empty when libkmod rejects it (a ']' outside brackets, a '[' never closed): a lookup of it
     * finds nothing, and modprobe.d refuses an alias line with it. modprobe.d's alias patterns
     * and the strings looked up are both normalised this way before fnmatch compares them.
     */
    public static Optional<String> normalizeAlias(String alias) {
        byte[] normal = AliasNormalization.normalize(alias.getBytes(StandardCharsets.UTF_8));
        return normal == null ? Optional.empty() : Optional.of(new String(normal, StandardCharsets.UTF_8));
    }

    /** {@link #lookup(byte[])} of the string's UTF-8 bytes. */
    public List<String> lookup(String modalias) {
        return lookup(modalias.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The modules libkmod resolves {@code modalias} to, in its order, repeats included (a module
     * listed under two matching aliases comes twice, as {@code modprobe -R} prints it). The
     * first step that finds anything wins: a loadable module's own name; modules.alias, ranked by
     * modules.order; a built-in module's name; built-in aliases. A string that matches nothing,
     * or that libkmod rejects (an unmatched bracket), gives an empty list, never an error.
     * "symbol:" strings are answered as if modules.symbols were empty: the index does not hold it.
     */
    public List<String> lookup(byte[] modalias) {
        byte[] key = AliasNormalization.normalize(modalias);
        if (key == null) {
            return List.of();
        }
        boolean hasColon = false;
        boolean hasWildcard = false;
        for (byte b : key) {
            hasColon |= b == ':';
            hasWildcard |= b == '*' || b == '?' || b == '[';
        }
        // libkmod skips the loadable-name lookup for strings with ':'; built-in names have none.
        int named = hasColon ? -1 : modules.find(key, 0, key.length);
        if (named >= 0 && !modules.builtin(named)) {
            return List.of(modules.name(named));
        }
        List<String> found = hasWildcard ? exactSearch(aliasSearch(), aliases, key, true) : fastSearch(key);
        if (!found.isEmpty()) {
            return found;
        }
        if (named >= 0 && modules.listedInModulesBuiltin(named)) {
            return List.of(modules.name(named));
        }
        return exactSearch(builtinAliasSearch(), builtinAliases, key, false);
    }

    /** modules.alias for a string without wildcards: priority is the module's rank. */
    private List<String> fastSearch(byte[] key) {
        MatchScratch scratch = MatchScratch.forThisThread();
        aliases.match(key, scratch);
        int nodes = scratch.nodeCount();
        if (nodes == 0) {
            return List.of();
        }
        int total = 0;
        for (int i = 0; i < nodes; i++) {
            int node = scratch.node(i);
            total += aliases.valueEnd(node) - aliases.valueStart(node);
        }
        if (total == 1) {
            return List.of(modules.name(aliases.valueModule(aliases.valueStart(scratch.node(0)))));
        }
        int[] modules = new int[total];
        int at = 0;
        for (int i = 0; i < nodes; i++) {
            int node = scratch.node(i);
            for (int v = aliases.valueStart(node); v < aliases.valueEnd(node); v++) {
                modules[at++] = aliases.valueModule(v);
            }
        }
        // Equal ranks are one module listed twice, so a plain sort gives libkmod's order.
        Arrays.sort(modules);
        String[] out = new String[total];
        for (int i = 0; i < total; i++) {
            out[i] = this.modules.name(modules[i]);
        }
        return List.of(out);
    }

    /**
     * libkmod's walk, then its insertion of each value before the first one of equal or higher
     * priority (so among equals the last visited comes first).
     */
    private List<String> exactSearch(LibkmodWildcardSearch search, AliasTrie trie, byte[] key, boolean rankedByModule) {
        List<Integer> modules = new ArrayList<>();
        search.search(key, node -> {
            for (int v = trie.valueStart(node); v < trie.valueEnd(node); v++) {
                int module = trie.valueModule(v);
                int priority = rankedByModule ? module : 0;
                int at = 0;
                while (at < modules.size() && (rankedByModule ? modules.get(at) : 0) < priority) {
                    at++;
                }
                modules.add(at, module);
            }
        });
        List<String> out = new ArrayList<>(modules.size());
        modules.forEach(m -> out.add(this.modules.name(m)));
        return Collections.unmodifiableList(out);
    }

    private LibkmodWildcardSearch aliasSearch() {
        LibkmodWildcardSearch s = aliasSearch;
        if (s == null) {
            s = wildcardSearchOf(aliases);
            aliasSearch = s;
        }
        return s;
    }

    private LibkmodWildcardSearch builtinAliasSearch() {
        LibkmodWildcardSearch s = builtinAliasSearch;
        if (s == null) {
            s = wildcardSearchOf(builtinAliases);
            builtinAliasSearch = s;
        }
        return s;
    }

    private static LibkmodWildcardSearch wildcardSearchOf(AliasTrie trie) {
        int[] nodes = trie.patternNodes();
        return new LibkmodWildcardSearch(trie.patternsOf(nodes).toArray(new byte[0][]), nodes);
    }

    /** Details of a module by name ('-' and '_' alike), built-in or loadable. */
    public Optional<ModuleInfo> module(String name) {
        String normal = ModuleNames.normalize(name);
        byte[] key = new byte[normal.length()];
        for (int c = 0; c < key.length; c++) {
            if (normal.charAt(c) > 0xff) {
                return Optional.empty(); // the depmod files are read as ISO-8859-1: no name has this char
            }
            key[c] = (byte) normal.charAt(c);
        }
        int i = modules.find(key, 0, key.length);
        if (i < 0) {
            return Optional.empty();
        }
        int[] dependencies = modules.dependencies(i);
        List<String> direct = new ArrayList<>();
        for (int d : dependencies) {
            direct.add(modules.name(d));
        }
        Set<Integer> order = new LinkedHashSet<>();
        for (int d : dependencies) {
            addInLoadOrder(d, order, new HashSet<>());
        }
        order.remove(i);
        List<String> loadOrder = new ArrayList<>();
        order.forEach(m -> loadOrder.add(modules.name(m)));
        Softdeps soft = modules.softdeps(i);
        return Optional.of(new ModuleInfo(modules.name(i), modules.path(i), modules.builtin(i), direct, loadOrder,
                soft == null ? List.of() : soft.getPreList(), soft == null ? List.of() : soft.getPostList()));
    }

    /** Depth first, dependencies before dependents; a cycle (depmod refuses them) is cut. */
    private void addInLoadOrder(int module, Set<Integer> order, Set<Integer> onPath) {
        if (order.contains(module) || !onPath.add(module)) {
            return;
        }
        for (int d : modules.dependencies(module)) {
            addInLoadOrder(d, order, onPath);
        }
        onPath.remove(module);
        order.add(module);
    }

    /**
     * The VFIO drivers whose "vfio_" + modalias aliases match a device, ranked (see
     * {@link VfioRanking}); built-in variants count. Empty when even vfio_pci is absent.
     */
    public VfioRanking vfioVariants(String deviceModalias) {
        byte[] key = AliasNormalization.normalize(("vfio_" + deviceModalias).getBytes(StandardCharsets.UTF_8));
        Map<Integer, VfioCandidate> best = new HashMap<>();
        if (key != null) {
            for (AliasTrie trie : List.of(aliases, builtinAliases)) {
                MatchScratch scratch = MatchScratch.forThisThread();
                trie.match(key, scratch);
                for (int i = 0; i < scratch.nodeCount(); i++) {
                    int node = scratch.node(i);
                    int literal = trie.literalCount(node);
                    for (int v = trie.valueStart(node); v < trie.valueEnd(node); v++) {
                        int m = trie.valueModule(v);
                        VfioCandidate c = new VfioCandidate(modules.name(m), trie.pattern(node), literal, m, modules.builtin(m));
                        best.merge(m, c, (a, b) -> b.literalBytes() > a.literalBytes() ? b : a);
                    }
                }
            }
        }
        List<VfioCandidate> ranked = new ArrayList<>(best.values());
        ranked.sort((a, b) -> a.literalBytes() != b.literalBytes() ? Integer.compare(b.literalBytes(), a.literalBytes())
                : a.rank() != b.rank() ? Integer.compare(a.rank(), b.rank()) : a.module().compareTo(b.module()));
        return new VfioRanking(deviceModalias, ranked);
    }
}
