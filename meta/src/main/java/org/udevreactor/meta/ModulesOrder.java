package org.udevreactor.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * modules.order: one uncompressed module path per line, in the order the kernel build listed
 * them. depmod ranks modules by it, and libkmod returns alias matches in that rank. A path listed
 * twice takes its last line, as in depmod.
 */
final class ModulesOrder {
    private ModulesOrder() {
    }

    /** Line number by uncompressed path; empty when the file is absent. */
    static Map<String, Integer> read(Path file) throws IOException {
        Map<String, Integer> lineByPath = new HashMap<>();
        if (!Files.exists(file)) {
            return lineByPath;
        }
        List<String> lines = TextLines.read(file);
        for (int i = 0; i < lines.size(); i++) {
            String path = lines.get(i).strip();
            if (!path.isEmpty()) {
                lineByPath.put(path, i + 1);
            }
        }
        return lineByPath;
    }
}
