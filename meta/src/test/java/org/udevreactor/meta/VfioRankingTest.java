package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VFIO variant drivers ranked by how much of the device their alias spells out. */
class VfioRankingTest {
    private static final String EDU = "pci:v00001234d000011E8sv00001AF4sd00001100bc00scFFi00";

    @TempDir
    Path temp;

    private ModuleIndex index() throws Exception {
        return new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/vfio/pci/vfio-pci.ko:", "kernel/vfio/pci/edu-vfio.ko:", "kernel/vfio/pci/vendor-vfio.ko:",
                        "kernel/drivers/misc/edu.ko:")
                .file("modules.order", "kernel/vfio/pci/vfio-pci.ko", "kernel/vfio/pci/vendor-vfio.ko", "kernel/vfio/pci/edu-vfio.ko",
                        "kernel/drivers/misc/edu.ko")
                .file("modules.alias",
                        "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci",
                        "alias vfio_pci:v00001234d*sv*sd*bc*sc*i* vendor_vfio",
                        "alias vfio_pci:v00001234d000011E8sv*sd*bc*sc*i* edu_vfio",
                        "alias pci:v00001234d000011E8sv*sd*bc*sc*i* edu")
                .builtinModinfo("builtin_vfio.alias=vfio_pci:v00001234d000011E8sv00001AF4sd*bc*sc*i*")
                .index();
    }

    @Test
    void vfioVariants_specificVariantsExist_ranksByLiteralBytesThenRank() throws Exception {
        VfioRanking ranking = index().vfioVariants(EDU);

        assertThat(ranking.ranked()).extracting(VfioCandidate::module)
                .containsExactly("builtin_vfio", "edu_vfio", "vendor_vfio", "vfio_pci");
        assertThat(ranking.best().orElseThrow().builtin()).isTrue();
        assertThat(ranking.ranked().get(1).pattern()).isEqualTo("vfio_pci:v00001234d000011E8sv*sd*bc*sc*i*");
    }

    @Test
    void vfioVariants_noVariantForDevice_leavesOnlyGenericVfioPci() throws Exception {
        VfioRanking ranking = index().vfioVariants("pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00");

        assertThat(ranking.ranked()).extracting(VfioCandidate::module).containsExactly("vfio_pci");
    }

    @Test
    void vfioVariants_equalSpecificity_breaksTiesByModulesOrder() throws Exception {
        ModuleIndex index = new ModuleDirFixture(temp, "6.1.0-tie")
                .file("modules.dep", "kernel/b-vfio.ko:", "kernel/a-vfio.ko:")
                .file("modules.order", "kernel/b-vfio.ko", "kernel/a-vfio.ko")
                .file("modules.alias", "alias vfio_pci:v00001234d* a_vfio", "alias vfio_pci:v00001234d* b_vfio")
                .index();

        assertThat(index.vfioVariants(EDU).ranked()).extracting(VfioCandidate::module).containsExactly("b_vfio", "a_vfio");
    }

    @Test
    void vfioVariants_noVfioAliasAtAll_isEmpty() throws Exception {
        ModuleIndex index = new ModuleDirFixture(temp, "6.1.0-none").file("modules.dep", "kernel/a.ko:").file("modules.alias", "alias pci:* a").index();

        assertThat(index.vfioVariants(EDU).best()).isEmpty();
    }
}
