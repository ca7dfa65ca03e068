package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleIndex;

/**
 * The plan's order against kmod's own: {@code modprobe --show-depends} on a copy of the Debian
 * 6.1 depmod files (see {@link KmodReference}), for every module with a softdep and every 8th of
 * the rest, with modules.softdep read as libkmod reads it (the first line for a module counts).
 */
class ModprobeOrderDifferentialTest {
    @TempDir
    Path temp;

    @Test
    void plan_sampleOfDebianModules_ordersAsModprobeShowDepends() throws Exception {
        KmodReference kmod = KmodReference.debianUnder(temp.resolve("root"));
        Path noConfig = Files.createDirectory(temp.resolve("no-modprobe.d"));
        ModuleIndex index = ModuleIndex.build(kmod.dir);
        LoadPlanner planner = new LoadPlanner(index, new ModprobeSources(List.of(noConfig), kmod.dir, null).read());
        Set<String> withSoftdep = new LinkedHashSet<>();
        for (String line : Files.readAllLines(kmod.dir.resolve("modules.softdep"))) {
            if (line.startsWith("softdep ")) {
                withSoftdep.add(line.split(" ")[1]);
            }
        }

        List<String> checked = new ArrayList<>();
        for (int i = 0; i < kmod.paths.size(); i++) {
            String name = FakeKernel.moduleOf(Path.of(kmod.paths.get(i)));
            if (i % 8 != 0 && !withSoftdep.contains(name)) {
                continue;
            }
            KmodReference.Output showDepends = kmod.modprobe(noConfig, "--show-depends", name);
            assertThat(showDepends.exitCode()).as("modprobe --show-depends %s: %s", name, showDepends.err()).isZero();

            assertThat(KmodReference.loads(planner.plan(name))).as("plan of %s", name).isEqualTo(kmod.loads(showDepends.out()));
            checked.add(name);
        }
        assertThat(checked).hasSizeGreaterThan(500);
    }
}
