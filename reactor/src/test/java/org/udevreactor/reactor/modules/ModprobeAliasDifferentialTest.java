package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleIndex;

/**
 * modprobe.d {@code alias} lines against kmod's own reading of them: {@code modprobe -R} (what a
 * name resolves to) and {@code modprobe --show-depends} (what would be loaded, in order) on a
 * copy of the Debian 6.1 depmod files with an empty file per module, with a modprobe.d that
 * aliases module names, wildcards, a device's modalias, a missing module, another alias, a
 * blacklisted module and a softdep target.
 */
class ModprobeAliasDifferentialTest {
    private static final List<String> CONFIG = List.of(
            "alias e1000e dummy",
            "alias my-net* veth",
            "alias my_net_x macvlan",
            "alias nothere nosuchmod",
            "alias chained nothere",
            "alias blk ifb",
            "alias blk2 ifb",
            "alias blk2 nlmon",
            "blacklist ifb",
            "alias pci:v00008086d000010D3* nlmon",
            "alias softx tap",
            "softdep veth pre: softx",
            "alias [ab]x-dev? vxlan",
            "alias builtin-one iosf_mbi",
            "alias tun-dev tun");

    private static final List<String> QUERIES = List.of(
            "e1000e", "dummy", "my-net-x", "my_net_y", "my-net", "nothere", "chained", "blk", "blk2", "ifb",
            "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00", "pci:v00008086d000010D4sv00008086sd0000A01Fbc02sc00i00",
            "veth", "softx", "ax-dev1", "bx_dev2", "cx-dev3", "ax-dev", "builtin-one", "tun-dev", "tun", "pci:v0000[ab",
            "no-such-thing");

    @TempDir
    Path temp;

    private KmodReference kmod;
    private Path configDir;
    private LoadPlanner planner;

    @BeforeEach
    void copyDebianIndexAndWriteConfig() throws IOException {
        kmod = KmodReference.debianUnder(temp.resolve("root"));
        configDir = Files.createDirectory(temp.resolve("modprobe.d"));
        Files.write(configDir.resolve("aliases.conf"), CONFIG);
        ModprobeConfig config = new ModprobeSources(List.of(configDir), kmod.dir, null).read();
        assertThat(config.problems()).isEmpty();
        planner = new LoadPlanner(ModuleIndex.build(kmod.dir), config);
    }

    @Test
    void lookup_modprobeDAliases_resolvesAsModprobeR() throws Exception {
        for (String query : QUERIES) {
            // modprobe -R exits 1 for a name that resolves to nothing, printing nothing on stdout.
            List<String> expected = kmod.modprobe(configDir, "-R", query).out().lines().toList();

            assertThat(planner.lookup(query)).as("modprobe -R %s", query).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void plan_modprobeDAliases_loadsWhatModprobeShowDependsLoadsInItsOrder() throws Exception {
        for (String query : QUERIES) {
            List<String> expected = kmod.loads(kmod.modprobe(configDir, "--show-depends", query).out());

            assertThat(KmodReference.loads(planner.plan(query))).as("plan of %s", query).isEqualTo(expected);
        }
    }
}
