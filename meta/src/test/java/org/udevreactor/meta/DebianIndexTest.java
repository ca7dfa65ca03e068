package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.proto.ModuleIndexFile;

/** The index of the real Debian 6.1 tree: complete, compact, and read back as written. */
class DebianIndexTest {
    @TempDir
    Path temp;

    @Test
    void build_debianTree_keepsEveryModuleAndAlias() throws Exception {
        Path dir = SharedTestData.debianModuleDir();
        long depLines = Files.readAllLines(dir.resolve("modules.dep")).size();
        long aliasLines = Files.readAllLines(dir.resolve("modules.alias")).stream().filter(l -> l.startsWith("alias ")).count();

        ModuleIndexFile file = ModuleIndexBuilder.build(dir);

        assertThat(file.getKernelRelease()).isEqualTo(SharedTestData.KERNEL_RELEASE);
        assertThat((long) file.getModules().getLoadableCount()).isEqualTo(depLines);
        assertThat(file.getAliases().getValueModuleCount()).isEqualTo(aliasLines);
        assertThat(file.getBuiltinAliases().getValueModuleCount()).isPositive();
    }

    @Test
    void write_debianTree_isNoLargerThanModulesAliasBin() throws Exception {
        Path dir = SharedTestData.debianModuleDir();
        Path metaPb = temp.resolve("meta.pb");

        MetaFiles.write(ModuleIndexBuilder.build(dir), metaPb);

        assertThat(Files.size(metaPb)).isLessThanOrEqualTo(Files.size(dir.resolve("modules.alias.bin")));
    }

    @Test
    void load_writtenIndex_answersAsTheBuiltOne() throws Exception {
        Path dir = SharedTestData.debianModuleDir();
        Path metaPb = temp.resolve("meta.pb");
        MetaFiles.write(ModuleIndexBuilder.build(dir), metaPb);
        ModuleIndex built = ModuleIndex.build(dir);

        ModuleIndex loaded = ModuleIndex.load(metaPb);

        for (String modalias : Files.readAllLines(SharedTestData.corpus()).subList(0, 500)) {
            assertThat(loaded.lookup(modalias)).as(modalias).isEqualTo(built.lookup(modalias));
        }
        assertThat(loaded.changedInputs(dir)).isEmpty();
    }

    @Test
    void module_e1000e_hasPathAndNoBuiltinFlag() throws Exception {
        ModuleIndex index = ModuleIndex.build(SharedTestData.debianModuleDir());
        String depLine = Files.readAllLines(SharedTestData.debianModuleDir().resolve("modules.dep")).stream()
                .filter(l -> l.contains("/e1000e.ko")).findFirst().orElseThrow();

        ModuleInfo e1000e = index.module("e1000e").orElseThrow();

        assertThat(e1000e.path()).isEqualTo(depLine.substring(0, depLine.indexOf(':')));
        assertThat(e1000e.builtin()).isFalse();
    }

    @Test
    void vfioVariants_debianHasOnlyTheGenericDriver_ranksVfioPciAlone() throws Exception {
        ModuleIndex index = ModuleIndex.build(SharedTestData.debianModuleDir());

        VfioRanking ranking = index.vfioVariants("pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00");

        assertThat(ranking.ranked()).extracting(VfioCandidate::module).containsExactly("vfio_pci");
        assertThat(ranking.best().orElseThrow().pattern()).isEqualTo("vfio_pci:v*d*sv*sd*bc*sc*i*");
    }

    @Test
    void lookup_sameIndexFromManyThreads_givesTheSameAnswers() throws Exception {
        ModuleIndex index = ModuleIndex.build(SharedTestData.debianModuleDir());
        List<String> corpus = Files.readAllLines(SharedTestData.corpus()).subList(0, 2000);
        List<List<String>> expected = corpus.stream().map(index::lookup).toList();

        List<List<String>> parallel = corpus.parallelStream().map(index::lookup).toList();

        assertThat(parallel).isEqualTo(expected);
    }
}
