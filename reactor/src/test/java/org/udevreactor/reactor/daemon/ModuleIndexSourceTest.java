package org.udevreactor.reactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleDirFixture;

class ModuleIndexSourceTest {
    @TempDir
    Path temp;

    private Path proc;
    private Path cache;
    private ModuleDirFixture modules;

    @BeforeEach
    void kernelWithModules() throws Exception {
        proc = Files.createDirectories(temp.resolve("proc"));
        Files.writeString(proc.resolve("modules"), "");
        cache = temp.resolve("state/meta-6.1.0-test.pb");
        modules = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/e1000e.ko:")
                .file("modules.alias", "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e");
    }

    private ModuleIndexSource.Outcome open(boolean write) {
        return ModuleIndexSource.open(proc, modules.dir(), cache, write);
    }

    private static String how(ModuleIndexSource.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ModuleIndexSource.Outcome.Ready.class);
        return ((ModuleIndexSource.Outcome.Ready) outcome).how();
    }

    @Test
    void open_noCache_buildsWritesThenUsesTheCache() {
        assertThat(how(open(true))).isEqualTo("rebuilt from " + modules.dir() + " because the cache " + cache + " does not exist");
        assertThat(cache).exists();
        ModuleIndexSource.Outcome second = open(true);
        assertThat(how(second)).isEqualTo("cached " + cache);
        assertThat(((ModuleIndexSource.Outcome.Ready) second).index().lookup("pci:v00008086d000010D3sv0sd0bc02sc00i00"))
                .containsExactly("e1000e");
    }

    @Test
    void open_depmodFileChangedSinceTheCache_rebuilds() throws Exception {
        open(true);
        modules.file("modules.alias", "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e", "alias e1000e-again e1000e");
        assertThat(how(open(true))).startsWith("rebuilt from " + modules.dir() + " because the cache " + cache + " is stale (")
                .contains("modules.alias");
    }

    @Test
    void open_cacheUnreadable_rebuildsAndSaysWhy() throws Exception {
        Files.createDirectories(cache.getParent());
        Files.write(cache, new byte[] {1, 2, 3, 4, 5});
        assertThat(how(open(true))).contains("because the cache " + cache + " cannot be read (");
    }

    @Test
    void open_cacheOfAnotherIndexFormat_rebuildsAndSaysWhichFormat() throws Exception {
        Files.createDirectories(cache.getParent());
        // An index of format 1 (one message per module, field 4), as builds before format 2 wrote.
        Files.write(cache, new byte[] {0x08, 0x01, 0x22, 0x03, 0x0a, 0x01, 'a'});
        assertThat(how(open(true))).isEqualTo("rebuilt from " + modules.dir() + " because the cache " + cache
                + " is in index format 1 (this build reads format 2)");
        assertThat(how(open(true))).isEqualTo("cached " + cache);
    }

    @Test
    void open_dryRun_buildsInMemoryAndWritesNothing() {
        assertThat(how(open(false))).endsWith("; kept in memory (dry run)");
        assertThat(cache).doesNotExist();
    }

    @Test
    void open_kernelWithoutModuleSupport_isAStateNotAnError() throws Exception {
        Files.delete(proc.resolve("modules"));
        assertThat(open(true)).isEqualTo(new ModuleIndexSource.Outcome.Unavailable(
                "this kernel has no loadable module support (no " + proc.resolve("modules") + ")", true));
    }

    @Test
    void open_noModuleDirectory_saysWhatToDo() {
        ModuleIndexSource.Outcome outcome = ModuleIndexSource.open(proc, temp.resolve("lib/modules/6.1.0-gone"), cache, true);
        assertThat(outcome).isEqualTo(new ModuleIndexSource.Outcome.Unavailable("no module directory " + temp.resolve("lib/modules/6.1.0-gone")
                + " (install the running kernel's modules package, or set paths.modules_dir in reactor.toml)", false));
    }

    @Test
    void open_malformedDepmodFile_namesFileAndLine() throws Exception {
        modules.file("modules.alias", "alias pci:v00008086* nosuchmodule");
        ModuleIndexSource.Outcome outcome = open(true);
        assertThat(outcome).isInstanceOfSatisfying(ModuleIndexSource.Outcome.Unavailable.class, u -> {
            assertThat(u.noModuleSupport()).isFalse();
            assertThat(u.reason()).startsWith("cannot index " + modules.dir() + ": ").contains("modules.alias").endsWith("(run depmod -a)");
        });
    }
}
