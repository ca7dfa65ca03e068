package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.proto.ModuleIndexFile;

/** Reading depmod files: what is kept, and errors that name the file and line. */
class ModuleIndexBuilderTest {
    @TempDir
    Path temp;

    private ModuleDirFixture tree() {
        return new ModuleDirFixture(temp, "6.1.0-test");
    }

    @Test
    void build_dependencies_areSplitOnBlanksIntoIndices() throws Exception {
        ModuleIndex index = tree()
                .file("modules.dep", "kernel/c.ko: kernel/b.ko kernel/a.ko", "kernel/b.ko: kernel/a.ko", "kernel/a.ko:")
                .file("modules.alias", "# Aliases extracted from modules themselves.")
                .index();

        ModuleInfo c = index.module("c").orElseThrow();

        assertThat(c.dependencies()).containsExactly("b", "a");
        assertThat(c.loadOrder()).containsExactly("a", "b");
    }

    @Test
    void empty_kernelWithoutModules_resolvesNothing() {
        ModuleIndex index = ModuleIndex.of(ModuleIndexBuilder.empty("6.18.0-nomodules"));

        assertThat(index.kernelRelease()).isEqualTo("6.18.0-nomodules");
        assertThat(index.lookup("pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00")).isEmpty();
        assertThat(index.lookup("vfio-pci")).isEmpty();
        assertThat(index.module("vfio_pci")).isEmpty();
    }

    @Test
    void build_dependencyWithComma_staysOneNameAndMustExist() {
        ModuleDirFixture tree = tree()
                .file("modules.dep", "kernel/c.ko: kernel/a.ko,kernel/b.ko", "kernel/a.ko:", "kernel/b.ko:")
                .file("modules.alias");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("modules.dep:1:")
                .hasMessageContaining("kernel/a.ko,kernel/b.ko");
    }

    @Test
    void build_depLineWithoutColon_failsNamingFileAndLine() {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:", "kernel/b.ko kernel/a.ko").file("modules.alias");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith(tree.dir().resolve("modules.dep") + ":2: ");
    }

    @Test
    void build_aliasLineWithTwoFields_failsNamingFileAndLine() {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias", "# comment", "alias onlypattern");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith(tree.dir().resolve("modules.alias") + ":2: ");
    }

    @Test
    void build_aliasForUnknownModule_failsNamingLine() {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias", "alias x:* ghost");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("modules.alias:1:")
                .hasMessageContaining("ghost");
    }

    @Test
    void build_nonAsciiAlias_failsLikeDepmod() {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias", "alias caf\u00e9 a");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void build_aliasWithUnmatchedBracket_isDroppedLikeDepmod() throws Exception {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias", "alias dev:[ab a", "alias dev:* a");

        ModuleIndexFile file = ModuleIndexBuilder.build(tree.dir());

        assertThat(file.getAliases().getValueModuleCount()).isEqualTo(1);
    }

    @Test
    void build_malformedBuiltinModinfoRecord_failsNamingRecord() {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias")
                .builtinModinfo("ext4.alias=fs-ext4", "garbage-without-key");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("modules.builtin.modinfo: record 2");
    }

    @Test
    void build_softdeps_keepPreAndPostAndIgnoreUnprefixedNames() throws Exception {
        ModuleIndex index = tree()
                .file("modules.dep", "kernel/fs/cifs.ko:", "kernel/fs/ext4.ko:")
                .file("modules.alias")
                .file("modules.softdep", "# Soft dependencies extracted from modules themselves.", "softdep ext4 pre: crypto-crc32c",
                        "softdep cifs gcm", "softdep cifs pre: md5 post: arc4 ccm")
                .index();

        ModuleInfo cifs = index.module("cifs").orElseThrow();

        assertThat(cifs.softdepPre()).containsExactly("md5");
        assertThat(cifs.softdepPost()).containsExactly("arc4", "ccm");
        assertThat(index.module("ext4").orElseThrow().softdepPre()).containsExactly("crypto-crc32c");
    }

    @Test
    void build_malformedSoftdepLine_failsNamingLine() {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias").file("modules.softdep", "options a x=1");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("modules.softdep:1:");
    }

    @Test
    void build_missingModulesDep_failsNamingTheFile() {
        ModuleDirFixture tree = tree().file("modules.alias");

        assertThatThrownBy(() -> ModuleIndexBuilder.build(tree.dir()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(tree.dir().resolve("modules.dep").toString());
    }

    @Test
    void build_kernelRelease_isTheDirectoryName() throws Exception {
        ModuleDirFixture tree = tree().file("modules.dep", "kernel/a.ko:").file("modules.alias");

        assertThat(ModuleIndexBuilder.build(tree.dir()).getKernelRelease()).isEqualTo("6.1.0-test");
    }

    @Test
    void build_modulesMissingFromModulesOrder_rankAfterListedOnes() throws Exception {
        ModuleIndex index = tree()
                .file("modules.dep", "kernel/z.ko:", "kernel/y.ko:", "kernel/x.ko:")
                .file("modules.order", "kernel/x.ko")
                .file("modules.alias", "alias dev:* z", "alias dev:* y", "alias dev:* x")
                .index();

        assertThat(index.lookup("dev:1")).containsExactly("x", "z", "y");
    }
}
