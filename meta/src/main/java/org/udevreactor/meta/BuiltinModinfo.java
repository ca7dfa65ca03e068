package org.udevreactor.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * modules.builtin.modinfo: NUL-terminated "MODULE.KEY=VALUE" records of the built-in modules.
 * depmod turns the "alias" records into modules.builtin.alias.bin; this reads the same records.
 * Errors name the record number, counting from 1, since the file has no lines.
 */
final class BuiltinModinfo {
    record Alias(String module, String pattern, int record) {
    }

    private BuiltinModinfo() {
    }

    /** The alias records in file order; empty when the file is absent. */
    static List<Alias> readAliases(Path file) throws IOException {
        List<Alias> aliases = new ArrayList<>();
        if (!Files.exists(file)) {
            return aliases;
        }
        String all = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int record = 0;
        int start = 0;
        while (start < all.length()) {
            int end = all.indexOf('\0', start);
            if (end < 0) {
                end = all.length();
            }
            record++;
            String entry = all.substring(start, end);
            start = end + 1;
            if (entry.isEmpty()) {
                continue;
            }
            int dot = entry.indexOf('.');
            int equals = entry.indexOf('=');
            if (dot <= 0 || equals < dot) {
                throw new MalformedInputException(file, "record " + record + ": expected MODULE.KEY=VALUE, got \"" + entry + "\"");
            }
            if (entry.substring(dot + 1, equals).equals("alias") && equals + 1 < entry.length()) {
                aliases.add(new Alias(entry.substring(0, dot), entry.substring(equals + 1), record));
            }
        }
        return aliases;
    }
}
