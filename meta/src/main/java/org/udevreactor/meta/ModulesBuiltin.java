package org.udevreactor.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** modules.builtin: one path per module built into the kernel image; libkmod finds them by name. */
final class ModulesBuiltin {
    private ModulesBuiltin() {
    }

    /** Normalised names in file order; empty when the file is absent. */
    static List<String> read(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.exists(file)) {
            return names;
        }
        List<String> lines = TextLines.read(file);
        for (int i = 0; i < lines.size(); i++) {
            String path = lines.get(i).strip();
            if (path.isEmpty()) {
                continue;
            }
            String name = ModuleNames.fromPath(path);
            if (name.isEmpty()) {
                throw new MalformedInputException(file, i + 1, "no module name in \"" + path + "\"");
            }
            names.add(name);
        }
        return names;
    }
}
