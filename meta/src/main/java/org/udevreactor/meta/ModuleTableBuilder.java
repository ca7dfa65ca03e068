package org.udevreactor.meta;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.google.protobuf.ByteString;
import org.udevreactor.meta.proto.ModuleTable;
import org.udevreactor.meta.proto.Softdeps;

/**
 * Collects modules in number order and writes them as meta.pb's columnar {@link ModuleTable}:
 * loadable modules first, then built-in ones named in modules.builtin, then built-in ones known
 * only from modules.builtin.modinfo. Names must be unique (the caller checks, naming the file).
 */
final class ModuleTableBuilder {
    private final List<String> names = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final List<List<Integer>> dependencies = new ArrayList<>();
    private final Map<Integer, Softdeps.Builder> softdeps = new TreeMap<>();
    private int listedBuiltinEnd = -1;
    private boolean unlistedBuiltinAdded;

    /** Adds a loadable module; all of them come before the first built-in one. */
    int addLoadable(String name, String path) {
        if (listedBuiltinEnd >= 0) {
            throw new IllegalStateException("loadable module " + name + " added after built-in ones");
        }
        paths.add(path);
        dependencies.add(new ArrayList<>());
        return add(name);
    }

    /** Adds a built-in module; those named in modules.builtin come before the others. */
    int addBuiltin(String name, boolean listedInModulesBuiltin) {
        if (listedBuiltinEnd < 0) {
            listedBuiltinEnd = names.size();
        }
        if (listedInModulesBuiltin) {
            if (unlistedBuiltinAdded) {
                throw new IllegalStateException("built-in module " + name + " from modules.builtin added after modinfo-only ones");
            }
            listedBuiltinEnd++;
        } else {
            unlistedBuiltinAdded = true;
        }
        return add(name);
    }

    private int add(String name) {
        names.add(name);
        return names.size() - 1;
    }

    /** Appends a direct dependency of a loadable module, in modules.dep order. */
    void addDependency(int module, int dependency) {
        dependencies.get(module).add(dependency);
    }

    /** Appends soft dependencies; a module with neither pre nor post ones gets no entry. */
    void addSoftdeps(int module, List<String> pre, List<String> post) {
        if (!pre.isEmpty() || !post.isEmpty()) {
            softdeps.computeIfAbsent(module, m -> Softdeps.newBuilder().setModule(m)).addAllPre(pre).addAllPost(post);
        }
    }

    ModuleTable build() {
        int count = names.size();
        int loadable = paths.size();
        ByteArrayOutputStream nameBytes = new ByteArrayOutputStream();
        int[] nameEnds = new int[count];
        byte[][] encodedNames = new byte[count][];
        for (int m = 0; m < count; m++) {
            encodedNames[m] = names.get(m).getBytes(StandardCharsets.ISO_8859_1);
            nameBytes.writeBytes(encodedNames[m]);
            nameEnds[m] = nameBytes.size();
        }
        ByteArrayOutputStream pathBytes = new ByteArrayOutputStream();
        int[] pathEnds = new int[loadable];
        int[] dependencyEnds = new int[loadable];
        List<Integer> allDependencies = new ArrayList<>();
        for (int m = 0; m < loadable; m++) {
            pathBytes.writeBytes(paths.get(m).getBytes(StandardCharsets.ISO_8859_1));
            pathEnds[m] = pathBytes.size();
            allDependencies.addAll(dependencies.get(m));
            dependencyEnds[m] = allDependencies.size();
        }
        int[] byName = sortedByName(encodedNames);
        ModuleTable.Builder table = ModuleTable.newBuilder()
                .setModuleCount(count)
                .setLoadableCount(loadable)
                .setListedBuiltinEnd(listedBuiltinEnd < 0 ? count : listedBuiltinEnd)
                .setNames(ByteString.copyFrom(nameBytes.toByteArray()))
                .setNameEnds(column(nameEnds))
                .setPaths(ByteString.copyFrom(pathBytes.toByteArray()))
                .setPathEnds(column(pathEnds))
                .setDependencies(column(allDependencies.stream().mapToInt(Integer::intValue).toArray()))
                .setDependencyEnds(column(dependencyEnds))
                .setByName(column(byName));
        softdeps.values().forEach(table::addSoftdeps);
        return table.build();
    }

    private static int[] sortedByName(byte[][] encodedNames) {
        Integer[] order = new Integer[encodedNames.length];
        Arrays.setAll(order, m -> m);
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(encodedNames[a], encodedNames[b]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static ByteString column(int[] values) {
        return ByteString.copyFrom(LittleEndianInts.encode(values, values.length));
    }
}
