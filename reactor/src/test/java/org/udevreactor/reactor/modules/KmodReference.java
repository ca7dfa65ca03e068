package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.udevreactor.meta.SharedTestData;

/**
 * kmod's modprobe as the reference for differential tests: a copy of the Debian 6.1 depmod files
 * under {@code root} with an empty file for each module (modprobe only checks that they exist),
 * and modprobe run on it with a modprobe.d directory of the test's choosing.
 */
final class KmodReference {
    private static final Path MODPROBE = Path.of("/usr/sbin/modprobe");

    final Path root;
    final Path dir;
    /** modules.dep's paths, in its order. */
    final List<String> paths = new ArrayList<>();

    private KmodReference(Path root) {
        this.root = root;
        this.dir = root.resolve("lib/modules/" + SharedTestData.KERNEL_RELEASE);
    }

    /** Copies the Debian index under {@code root}; skips the test without kmod (fails under CI=true). */
    static KmodReference debianUnder(Path root) throws IOException {
        if (!Files.isExecutable(MODPROBE)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("modprobe (kmod) is missing; tools/install-deps installs it");
            }
            Assumptions.abort("modprobe (kmod) is not installed");
        }
        Path source = SharedTestData.debianModuleDir();
        KmodReference kmod = new KmodReference(root);
        Files.createDirectories(kmod.dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "modules.*")) {
            for (Path f : files) {
                Files.copy(f, kmod.dir.resolve(f.getFileName()));
            }
        }
        for (String line : Files.readAllLines(kmod.dir.resolve("modules.dep"))) {
            String path = line.substring(0, line.indexOf(':'));
            kmod.paths.add(path);
            Files.createDirectories(kmod.dir.resolve(path).getParent());
            Files.createFile(kmod.dir.resolve(path));
        }
        return kmod;
    }

    /** modprobe's standard output for {@code modprobe -C CONFIG FLAG QUERY}, and its exit code. */
    Output modprobe(Path configDir, String flag, String query) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(MODPROBE.toString(), "-d", root.toString(), "-S", SharedTestData.KERNEL_RELEASE,
                "-C", configDir.toString(), flag, query).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Output(out, err, p.exitValue());
    }

    record Output(String out, String err, int exitCode) {
    }

    /**
     * --show-depends output as module paths relative to the directory ("builtin NAME" kept),
     * first mention only: modprobe prints a module again when a softdep pulls it in twice.
     */
    List<String> loads(String showDepends) {
        Set<String> lines = new LinkedHashSet<>();
        String prefix = dir + "/";
        for (String line : showDepends.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f[0].equals("insmod")) {
                lines.add(f[1].substring(prefix.length()));
            } else if (f[0].equals("builtin")) {
                lines.add("builtin " + f[1]);
            }
        }
        return new ArrayList<>(lines);
    }

    /** The same form for a plan: LOAD steps as paths, BUILTIN steps as "builtin NAME". */
    static List<String> loads(LoadPlan plan) {
        return plan.steps().stream()
                .filter(s -> s.action() == PlanStep.Action.LOAD || s.action() == PlanStep.Action.BUILTIN)
                .map(s -> s.action() == PlanStep.Action.BUILTIN ? "builtin " + s.module() : s.path())
                .toList();
    }
}
