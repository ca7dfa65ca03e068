package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
}
