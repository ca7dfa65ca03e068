package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.udevreactor.meta.ModuleIndex;
import picocli.CommandLine.Option;

/**
 * Where a meta subcommand gets its index: a meta.pb (--index), or a module directory indexed in
 * memory (--modules-dir, by default this kernel's /lib/modules/$(uname -r)). An index file is
 * checked against its module directory, and a stale one is reported on stderr.
 */
final class IndexSource {
    @Option(names = "--index", paramLabel = "FILE", description = "A meta.pb written by `reactor meta build`.")
    Path index;

    @Option(names = "--modules-dir", paramLabel = "DIR",
            description = "A module directory with depmod output (default: /lib/modules/$(uname -r)).")
    Path modulesDir;

    /** The module directory asked for, or this kernel's. */
    Path modulesDir() {
        return modulesDir != null ? modulesDir : Path.of("/lib/modules", System.getProperty("os.version"));
    }

    ModuleIndex open(PrintWriter err) throws IOException {
        if (index == null) {
            return ModuleIndex.build(modulesDir());
        }
        ModuleIndex loaded = ModuleIndex.load(index);
        // Without --modules-dir, compare with the directory of the release the index was built for.
        Path dir = modulesDir != null ? modulesDir : Path.of("/lib/modules", loaded.kernelRelease());
        if (Files.isDirectory(dir)) {
            List<String> changed = loaded.changedInputs(dir);
            if (!changed.isEmpty()) {
                err.printf("warning: %s is stale: %s changed in %s since it was built; rebuild it with `reactor meta build`%n",
                        index, String.join(", ", changed), dir);
            }
        }
        return loaded;
    }
}
