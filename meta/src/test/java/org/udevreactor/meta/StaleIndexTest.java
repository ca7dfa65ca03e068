package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.meta.proto.InputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index knows the files it came from and says which of them changed since. */
class StaleIndexTest {
    @TempDir
    Path temp;

    private ModuleDirFixture tree;
    private ModuleIndex index;

    @BeforeEach
    void buildIndex() throws Exception {
        tree = new ModuleDirFixture(temp, "6.1.0-test").file("modules.dep", "kernel/a.ko:").file("modules.alias", "alias x:* a");
        Path metaPb = temp.resolve("meta.pb");
        MetaFiles.write(ModuleIndexBuilder.build(tree.dir()), metaPb);
        index = ModuleIndex.load(metaPb);
    }

    @Test
    void changedInputs_untouchedTree_isEmpty() throws Exception {
        assertThat(index.changedInputs(tree.dir())).isEmpty();
    }

    @Test
    void changedInputs_aliasFileRewritten_namesIt() throws Exception {
        tree.file("modules.alias", "alias x:* a", "alias y:* a");

        assertThat(index.changedInputs(tree.dir())).containsExactly("modules.alias");
    }

    @Test
    void changedInputs_fileAppeared_namesIt() throws Exception {
        tree.file("modules.softdep", "softdep a pre: b");

        assertThat(index.changedInputs(tree.dir())).containsExactly("modules.softdep");
    }

    @Test
    void changedInputs_sameContentNewerMtime_isEmpty() throws Exception {
        Files.setLastModifiedTime(tree.dir().resolve("modules.dep"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(index.changedInputs(tree.dir())).isEmpty();
    }

    @Test
    void changed_untouchedTree_readsNoFile() throws Exception {
        List<InputFile> recorded = ModuleIndexBuilder.build(tree.dir()).getInputsList();

        assertThat(InputFiles.changed(recorded, tree.dir(), (dir, name) -> {
            throw new AssertionError(name + " read although its stat is the recorded one");
        })).isEmpty();
    }

    @Test
    void changed_sameContentWrittenAgain_readsThatFileOnlyAndIsEmpty() throws Exception {
        List<InputFile> recorded = ModuleIndexBuilder.build(tree.dir()).getInputsList();
        tree.file("modules.dep", "kernel/a.ko:");
        List<String> read = new ArrayList<>();

        List<String> changed = InputFiles.changed(recorded, tree.dir(), (dir, name) -> {
            read.add(name);
            return InputFiles.identify(dir, name);
        });

        assertThat(read).containsExactly("modules.dep");
        assertThat(changed).isEmpty();
    }

    @Test
    void changed_indexWithoutStat_comparesEveryPresentFileByContent() throws Exception {
        List<InputFile> recorded = ModuleIndexBuilder.build(tree.dir()).getInputsList().stream()
                .map(f -> f.toBuilder().clearMtimeNs().clearCtimeNs().clearInode().clearDevice().build()).toList();
        List<String> read = new ArrayList<>();

        List<String> changed = InputFiles.changed(recorded, tree.dir(), (dir, name) -> {
            read.add(name);
            return InputFiles.identify(dir, name);
        });

        assertThat(read).containsExactly("modules.dep", "modules.alias");
        assertThat(changed).isEmpty();
    }

    @Test
    void identify_presentFile_recordsItsStat() throws Exception {
        InputFile dep = InputFiles.identify(tree.dir(), "modules.dep");

        assertThat(dep.getPresent()).isTrue();
        assertThat(dep.getCtimeNs()).isPositive();
        assertThat(dep.getInode()).isPositive();
        assertThat(dep.getMtimeNs()).isEqualTo(Files.getLastModifiedTime(tree.dir().resolve("modules.dep")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    }
}
