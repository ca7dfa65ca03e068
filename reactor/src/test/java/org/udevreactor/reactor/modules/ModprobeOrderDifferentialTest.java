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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.SharedTestData;

/**
 * The plan's order against kmod's own: {@code modprobe --show-depends} on a copy of the Debian
 * 6.1 depmod files with an empty file for each module (modprobe only checks that they exist),
 * for every module with a softdep and every 8th of the rest, with modules.softdep read as libkmod
 * reads it (the first line for a module counts). modprobe prints a module again
 * when a softdep pulls it in twice; its first mention is what counts.
 */
class ModprobeOrderDifferentialTest {
    @TempDir
    Path temp;

    @Test
    void plan_sampleOfDebianModules_ordersAsModprobeShowDepends() throws Exception {
        Path modprobe = Path.of("/usr/sbin/modprobe");
        if (!Files.isExecutable(modprobe)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("modprobe (kmod) is missing; tools/install-deps installs it");
            }
            Assumptions.abort("modprobe (kmod) is not installed");
        }
        Path source = SharedTestData.debianModuleDir();
        Path root = temp.resolve("root");
        Path dir = root.resolve("lib/modules/" + SharedTestData.KERNEL_RELEASE);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "modules.*")) {
            for (Path f : files) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        List<String> paths = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("modules.dep"))) {
            String path = line.substring(0, line.indexOf(':'));
            paths.add(path);
            Files.createDirectories(dir.resolve(path).getParent());
            Files.createFile(dir.resolve(path));
        }
        Path noConfig = Files.createDirectory(temp.resolve("no-modprobe.d"));
        ModuleIndex index = ModuleIndex.build(dir);
        LoadPlanner planner = new LoadPlanner(index, new ModprobeSources(List.of(noConfig), dir, null).read());
        Set<String> withSoftdep = new LinkedHashSet<>();
        for (String line : Files.readAllLines(dir.resolve("modules.softdep"))) {
            if (line.startsWith("softdep ")) {
                withSoftdep.add(line.split(" ")[1]);
            }
        }

        List<String> checked = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String name = FakeKernel.moduleOf(Path.of(paths.get(i)));
            if (i % 8 != 0 && !withSoftdep.contains(name)) {
                continue;
            }
            List<String> expected = showDepends(modprobe, root, noConfig, name, dir);
            List<String> actual = planner.plan(name).steps().stream()
                    .filter(s -> s.action() == PlanStep.Action.LOAD || s.action() == PlanStep.Action.BUILTIN)
                    .map(s -> s.action() == PlanStep.Action.BUILTIN ? "builtin " + s.module() : s.path())
                    .toList();
            assertThat(actual).as("plan of %s", name).isEqualTo(expected);
            checked.add(name);
        }
        assertThat(checked).hasSizeGreaterThan(500);
    }

    /** modprobe's lines as module paths relative to the directory ("builtin NAME" kept), first mention only. */
    private static List<String> showDepends(Path modprobe, Path root, Path noConfig, String module, Path dir)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(modprobe.toString(), "-d", root.toString(), "-S", SharedTestData.KERNEL_RELEASE,
                "-C", noConfig.toString(), "--show-depends", module).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("modprobe --show-depends %s: %s", module, err).isZero();
        Set<String> lines = new LinkedHashSet<>();
        String prefix = dir + "/";
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f[0].equals("insmod")) {
                lines.add(f[1].substring(prefix.length()));
            } else if (f[0].equals("builtin")) {
                lines.add("builtin " + f[1]);
            }
        }
        return new ArrayList<>(lines);
    }
}
