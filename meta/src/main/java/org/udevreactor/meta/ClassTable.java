package org.udevreactor.meta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The bracket expressions of one alias table; equal expressions share one index. */
final class ClassTable {
    private final List<ByteClass> classes = new ArrayList<>();
    private final Map<ByteClass, Integer> indexOf = new HashMap<>();

    ClassTable() {
    }

    ClassTable(List<ByteClass> existing) {
        existing.forEach(this::intern);
    }

    int intern(ByteClass c) {
        return indexOf.computeIfAbsent(c, k -> {
            classes.add(k);
            return classes.size() - 1;
        });
    }

    ByteClass get(int index) {
        return classes.get(index);
    }

    List<ByteClass> all() {
        return List.copyOf(classes);
    }
}
