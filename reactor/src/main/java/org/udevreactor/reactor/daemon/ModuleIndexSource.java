package org.udevreactor.reactor.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.meta.IndexFormatException;
import org.udevreactor.meta.MalformedInputException;
import org.udevreactor.meta.MetaFiles;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.ModuleIndexBuilder;
import org.udevreactor.meta.proto.ModuleIndexFile;

/**
 * The module index for the running kernel: the cached meta.pb when it is current, else rebuilt
 * from the module directory and cached again (atomically; a dry run writes nothing and keeps it
 * in memory).
 */
final class ModuleIndexSource {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");

    private ModuleIndexSource() {
    }

    /**
     * The index, or why there is none.
     *
     * @param noModuleSupport whether the kernel lacks loadable modules altogether: then there is
     *                        nothing to index, which is a state, not an error
     */
    sealed interface Outcome {
        record Ready(ModuleIndex index, String how) implements Outcome {
            public Ready {
                Objects.requireNonNull(index, "index");
            }
        }

        record Unavailable(String reason, boolean noModuleSupport) implements Outcome {
        }
    }

    static Outcome open(Path procfs, Path modulesDir, Path cache, boolean write) {
        Path procModules = procfs.resolve("modules");
        if (!Files.exists(procModules)) {
            return new Outcome.Unavailable("this kernel has no loadable module support (no " + procModules + ")", true);
        }
        if (!Files.isDirectory(modulesDir)) {
            return new Outcome.Unavailable("no module directory " + modulesDir
                    + " (install the running kernel's modules package, or set paths.modules_dir in reactor.toml)", false);
        }
        String staleness;
        if (!Files.exists(cache)) {
            staleness = "does not exist";
        } else {
            try {
                ModuleIndex index = ModuleIndex.load(cache);
                Optional<String> why = staleness(index, modulesDir);
                if (why.isEmpty()) {
                    return new Outcome.Ready(index, "cached " + cache);
                }
                staleness = why.get();
            } catch (IndexFormatException otherBuild) {
                staleness = "is in index format " + otherBuild.found() + " (this build reads format " + otherBuild.expected() + ")";
            } catch (IOException | RuntimeException unreadable) {
                staleness = "cannot be read (" + unreadable.getMessage() + ")";
            }
        }
        ModuleIndexFile built;
        try {
            built = ModuleIndexBuilder.build(modulesDir);
        } catch (MalformedInputException e) {
            return new Outcome.Unavailable("cannot index " + modulesDir + ": " + e.getMessage() + " (run depmod -a)", false);
        } catch (IOException e) {
            return new Outcome.Unavailable("cannot index " + modulesDir + ": " + e + " (run depmod -a)", false);
        }
        String how = "rebuilt from " + modulesDir + " because the cache " + cache + " " + staleness;
        if (write) {
            try {
                MetaFiles.write(built, cache);
            } catch (IOException e) {
                log.warn("cannot write the module index cache {}: {}; using it from memory", cache, e.toString());
            }
        } else {
            how += "; kept in memory (dry run)";
        }
        return new Outcome.Ready(ModuleIndex.of(built), how);
    }

    /** Empty when the index is current for this module directory; otherwise why it is not. */
    private static Optional<String> staleness(ModuleIndex index, Path modulesDir) throws IOException {
        String release = modulesDir.toAbsolutePath().normalize().getFileName().toString();
        if (!index.kernelRelease().equals(release)) {
            return Optional.of("is for kernel " + index.kernelRelease() + ", not " + release);
        }
        List<String> changed = index.changedInputs(modulesDir);
        return changed.isEmpty() ? Optional.empty() : Optional.of("is stale (" + String.join(", ", changed) + " changed)");
    }
}
