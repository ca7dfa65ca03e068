package org.udevreactor.meta;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared folder beside the repository ({@code <repo>/../shared}), where CI puts the real
 * Debian kernel index and the modalias corpus. Missing on a developer's machine, tests that need
 * it are skipped; missing under CI=true, they fail, so CI can never pass without running them.
 */
public final class SharedTestData {
    public static final String KERNEL_RELEASE = "6.1.0-56-amd64";

    private SharedTestData() {
    }

    public static Path sharedDir() {
        Path moduleBase = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path shared = moduleBase.getParent().getParent().resolve("shared");
        if (!Files.isDirectory(shared.resolve("kernels"))) {
            String why = "the shared test data is missing: expected " + shared + " (the repository's ../shared)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + "; CI must provide it");
            }
            Assumptions.abort(why);
        }
        return shared;
    }

    public static Path debianRoot() {
        return sharedDir().resolve("kernels/debian-6.1");
    }

    public static Path debianModuleDir() {
        return debianRoot().resolve("lib/modules/" + KERNEL_RELEASE);
    }

    public static Path corpus() {
        return sharedDir().resolve("corpus/modalias-debian-6.1.txt");
    }
}
