package org.udevreactor.meta;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** modules.alias: "alias PATTERN MODULE" lines, '#' comments. */
final class ModulesAlias {
    record Line(String pattern, String module, int line) {
    }

    private ModulesAlias() {
    }

    static List<Line> read(Path file) throws IOException {
        List<String> lines = TextLines.read(file);
        List<Line> aliases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (TextLines.isBlankOrComment(line)) {
                continue;
            }
            String[] f = TextLines.fields(line);
            if (f.length != 3 || !f[0].equals("alias")) {
                throw new MalformedInputException(file, i + 1, "expected \"alias PATTERN MODULE\", got \"" + line + "\"");
            }
            aliases.add(new Line(f[1], f[2], i + 1));
        }
        return aliases;
    }
}
