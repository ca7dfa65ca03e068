package org.udevreactor.meta;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * modules.dep: "PATH: DEP DEP ..." per loadable module, dependencies separated by blanks (never
 * by commas: a comma is part of a name, and depmod never writes one here).
 */
final class ModulesDep {
    record Entry(String path, List<String> dependencies, int line) {
    }

    private ModulesDep() {
    }

    static List<Entry> read(Path file) throws IOException {
        List<String> lines = TextLines.read(file);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (TextLines.isBlankOrComment(line)) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedInputException(file, lineNumber, "expected \"PATH: DEPENDENCIES\", got \"" + line + "\"");
            }
            String path = line.substring(0, colon).strip();
            if (path.isEmpty() || path.contains(" ") || path.contains("\t")) {
                throw new MalformedInputException(file, lineNumber, "bad module path \"" + path + "\"");
            }
            Integer earlier = firstLine.putIfAbsent(path, lineNumber);
            if (earlier != null) {
                throw new MalformedInputException(file, lineNumber, path + " is listed again (first on line " + earlier + ")");
            }
            entries.add(new Entry(path, List.of(TextLines.fields(line.substring(colon + 1))), lineNumber));
        }
        Map<String, Entry> byPath = new HashMap<>();
        entries.forEach(e -> byPath.put(e.path(), e));
        for (Entry e : entries) {
            for (String dep : e.dependencies()) {
                if (!byPath.containsKey(dep)) {
                    throw new MalformedInputException(file, e.line(), e.path() + " depends on " + dep + ", which has no line of its own");
                }
            }
        }
        return entries;
    }
}
