package org.udevreactor.meta;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.udevreactor.meta.proto.ModuleTable;
import org.udevreactor.meta.proto.Softdeps;

/**
 * meta.pb's {@link ModuleTable} as loaded: its byte columns, read in place. Loading checks only
 * that the columns fit together (constant work); a module's name is decoded when first asked and
 * then kept, its path and dependencies each time. A value that points outside its column (a
 * damaged file that protobuf still parsed) fails where it is read, naming the module.
 */
final class ModuleColumns {
    private final int count;
    private final int loadableCount;
    private final int listedBuiltinEnd;
    private final byte[] names;
    private final byte[] nameEnds;
    private final byte[] paths;
    private final byte[] pathEnds;
    private final byte[] dependencies;
    private final byte[] dependencyEnds;
    private final byte[] byName;
    private final List<Softdeps> softdeps;
    // Decoded names; a racing second decode stores an equal String, which is harmless.
    private final String[] decodedNames;

    ModuleColumns(ModuleTable table) {
        count = table.getModuleCount();
        loadableCount = table.getLoadableCount();
        listedBuiltinEnd = table.getListedBuiltinEnd();
        if (count < 0 || loadableCount < 0 || loadableCount > listedBuiltinEnd || listedBuiltinEnd > count) {
            throw new IllegalArgumentException("module table: " + loadableCount + " loadable and " + listedBuiltinEnd
                    + " listed modules do not fit " + count + " modules");
        }
        names = table.getNames().toByteArray();
        nameEnds = column(table.getNameEnds().toByteArray(), count, "name_ends");
        paths = table.getPaths().toByteArray();
        pathEnds = column(table.getPathEnds().toByteArray(), loadableCount, "path_ends");
        dependencies = table.getDependencies().toByteArray();
        if (dependencies.length % 4 != 0) {
            throw new IllegalArgumentException("module table: dependencies has " + dependencies.length + " bytes, not whole entries");
        }
        dependencyEnds = column(table.getDependencyEnds().toByteArray(), loadableCount, "dependency_ends");
        byName = column(table.getByName().toByteArray(), count, "by_name");
        checkLastEnd(nameEnds, count, names.length, "name_ends");
        checkLastEnd(pathEnds, loadableCount, paths.length, "path_ends");
        checkLastEnd(dependencyEnds, loadableCount, dependencies.length / 4, "dependency_ends");
        softdeps = table.getSoftdepsList();
        decodedNames = new String[count];
    }

    private static byte[] column(byte[] bytes, int entries, String name) {
        if (bytes.length != entries * 4L) {
            throw new IllegalArgumentException("module table: " + name + " has " + bytes.length + " bytes, not 4 for each of " + entries);
        }
        return bytes;
    }

    private static void checkLastEnd(byte[] ends, int entries, int length, String name) {
        int last = entries == 0 ? 0 : LittleEndianInts.get(ends, entries - 1);
        if (last != length) {
            throw new IllegalArgumentException("module table: " + name + " ends at " + last + ", its column holds " + length);
        }
    }

    int count() {
        return count;
    }

    boolean builtin(int module) {
        return module >= loadableCount;
    }

    boolean listedInModulesBuiltin(int module) {
        return module >= loadableCount && module < listedBuiltinEnd;
    }

    String name(int module) {
        String name = decodedNames[module];
        if (name == null) {
            int start = start(nameEnds, module);
            name = new String(names, start, length(nameEnds, module, start, names.length, "name"), StandardCharsets.ISO_8859_1);
            decodedNames[module] = name;
        }
        return name;
    }

    /** As modules.dep has it; empty for a built-in module. */
    String path(int module) {
        if (builtin(module)) {
            return "";
        }
        int start = start(pathEnds, module);
        return new String(paths, start, length(pathEnds, module, start, paths.length, "path"), StandardCharsets.ISO_8859_1);
    }

    /** Direct dependencies in modules.dep order; none for a built-in module. */
    int[] dependencies(int module) {
        if (builtin(module)) {
            return new int[0];
        }
        int start = start(dependencyEnds, module);
        int[] out = new int[length(dependencyEnds, module, start, dependencies.length / 4, "dependency list")];
        for (int i = 0; i < out.length; i++) {
            out[i] = LittleEndianInts.get(dependencies, start + i);
            if (out[i] < 0 || out[i] >= count) {
                throw damaged(module, "depends on module #" + Integer.toUnsignedString(out[i]));
            }
        }
        return out;
    }

    private static int start(byte[] ends, int module) {
        return module == 0 ? 0 : LittleEndianInts.get(ends, module - 1);
    }

    /** The length of an entry, checked against its column. */
    private int length(byte[] ends, int module, int start, int limit, String what) {
        int end = LittleEndianInts.get(ends, module);
        if (start < 0 || end < start || end > limit) {
            throw damaged(module, what + " at " + Integer.toUnsignedString(start) + ".." + Integer.toUnsignedString(end) + " of " + limit);
        }
        return end - start;
    }

    /**
     * The module named by {@code key[from, to)} (bytes as the depmod files have them), or -1:
     * a binary search of the name-sorted permutation.
     */
    int find(byte[] key, int from, int to) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int module = LittleEndianInts.get(byName, mid);
            if (module < 0 || module >= count) {
                throw new IllegalStateException("module table: by_name entry " + mid + " names module #"
                        + Integer.toUnsignedString(module) + " of " + count + "; the index is damaged, rebuild it");
            }
            int start = start(nameEnds, module);
            int length = length(nameEnds, module, start, names.length, "name");
            int c = Arrays.compareUnsigned(names, start, start + length, key, from, to);
            if (c == 0) {
                return module;
            }
            if (c < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return -1;
    }

    /** The module's soft dependencies, or null when it has none. */
    Softdeps softdeps(int module) {
        int low = 0;
        int high = softdeps.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int m = softdeps.get(mid).getModule();
            if (m == module) {
                return softdeps.get(mid);
            }
            if (Integer.compareUnsigned(m, module) < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return null;
    }

    private IllegalStateException damaged(int module, String what) {
        return new IllegalStateException("module table: module #" + module + " " + what + "; the index is damaged, rebuild it");
    }
}
