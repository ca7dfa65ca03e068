package org.udevreactor.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * modules.softdep: "softdep MODULE pre: A B post: C" lines. As in libkmod, names that come before
 * any "pre:" or "post:" are ignored (depmod writes "softdep cifs gcm" for a MODULE_SOFTDEP
 * without a prefix, and modprobe does nothing with it). Several lines for one module add up.
 */
final class ModulesSoftdep {
    record Softdeps(List<String> pre, List<String> post) {
    }

    private ModulesSoftdep() {
    }

    /** Softdeps by normalised module name; empty when the file is absent. */
    static Map<String, Softdeps> read(Path file) throws IOException {
        Map<String, Softdeps> byModule = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return byModule;
        }
        List<String> lines = TextLines.read(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (TextLines.isBlankOrComment(line)) {
                continue;
            }
            String[] f = TextLines.fields(line);
            if (f.length < 2 || !f[0].equals("softdep")) {
                throw new MalformedInputException(file, i + 1, "expected \"softdep MODULE [pre: ...] [post: ...]\", got \"" + line + "\"");
            }
            Softdeps deps = byModule.computeIfAbsent(ModuleNames.normalize(f[1]), k -> new Softdeps(new ArrayList<>(), new ArrayList<>()));
            List<String> target = null;
            for (int k = 2; k < f.length; k++) {
                if (f[k].equals("pre:")) {
                    target = deps.pre();
                } else if (f[k].equals("post:")) {
                    target = deps.post();
                } else if (target != null) {
                    target.add(f[k]);
                }
            }
        }
        return byModule;
    }
}
