package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup semantics on small hand-written trees, one pattern feature or rule at a time. */
class ModuleIndexLookupTest {
    @TempDir
    Path temp;

    private ModuleIndex index(String... aliasLines) throws Exception {
        return new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/a/alpha.ko:", "kernel/b/beta.ko: kernel/a/alpha.ko", "kernel/g/gamma-drv.ko.xz:")
                .file("modules.order", "kernel/g/gamma-drv.ko", "kernel/b/beta.ko", "kernel/a/alpha.ko")
                .file("modules.alias", aliasLines)
                .index();
    }

    @Test
    void lookup_starPattern_matchesAnyRunIncludingEmpty() throws Exception {
        ModuleIndex index = index("alias pci:v0000ABCDd* alpha");

        assertThat(index.lookup("pci:v0000ABCDd00001234")).containsExactly("alpha");
        assertThat(index.lookup("pci:v0000ABCDd")).containsExactly("alpha");
        assertThat(index.lookup("pci:v0000ABCEd0")).isEmpty();
    }

    @Test
    void lookup_questionMark_matchesExactlyOneByte() throws Exception {
        ModuleIndex index = index("alias mdio:01?1 alpha");

        assertThat(index.lookup("mdio:0101")).containsExactly("alpha");
        assertThat(index.lookup("mdio:011")).isEmpty();
        assertThat(index.lookup("mdio:01001")).isEmpty();
    }

    @Test
    void lookup_bracketRange_matchesOnlyInsideTheRange() throws Exception {
        ModuleIndex index = index("alias usb:d0[1-3]* alpha");

        assertThat(index.lookup("usb:d02x")).containsExactly("alpha");
        assertThat(index.lookup("usb:d04x")).isEmpty();
    }

    @Test
    void lookup_bracketSet_matchesListedBytesOnly() throws Exception {
        ModuleIndex index = index("alias acpi:[AB]CD alpha");

        assertThat(index.lookup("acpi:BCD")).containsExactly("alpha");
        assertThat(index.lookup("acpi:CCD")).isEmpty();
    }

    @Test
    void lookup_negatedBracket_matchesEverythingElse() throws Exception {
        ModuleIndex index = index("alias x:[!0-9] alpha", "alias y:[^a] beta");

        assertThat(index.lookup("x:a")).containsExactly("alpha");
        assertThat(index.lookup("x:5")).isEmpty();
        assertThat(index.lookup("y:b")).containsExactly("beta");
        assertThat(index.lookup("y:a")).isEmpty();
    }

    @Test
    void lookup_nothingMatches_returnsEmptyListNotError() throws Exception {
        ModuleIndex index = index("alias pci:v* alpha");

        assertThat(index.lookup("usb:v1234")).isEmpty();
        assertThat(index.lookup("")).isEmpty();
    }

    @Test
    void lookup_severalModulesMatch_ordersByModulesOrderNotFileOrder() throws Exception {
        ModuleIndex index = index("alias dev:* alpha", "alias dev:* beta", "alias dev:* gamma-drv");

        assertThat(index.lookup("dev:1")).containsExactly("gamma_drv", "beta", "alpha");
    }

    @Test
    void lookup_moduleListedTwiceForOneString_repeatsItAsLibkmod() throws Exception {
        ModuleIndex index = index("alias dev:a* alpha", "alias dev:*b alpha");

        assertThat(index.lookup("dev:ab")).containsExactly("alpha", "alpha");
    }

    @Test
    void lookup_dashesInString_areUnderscoresOutsideBrackets() throws Exception {
        ModuleIndex index = index("alias fs-foo_bar alpha");

        assertThat(index.lookup("fs-foo-bar")).containsExactly("alpha");
        assertThat(index.lookup("fs_foo_bar")).containsExactly("alpha");
    }

    @Test
    void lookup_moduleName_findsTheModuleBeforeAnyAlias() throws Exception {
        ModuleIndex index = index("alias gamma* beta");

        assertThat(index.lookup("gamma-drv")).containsExactly("gamma_drv");
        assertThat(index.lookup("gammaX")).containsExactly("beta");
    }

    @Test
    void lookup_unmatchedBracketInString_returnsEmpty() throws Exception {
        ModuleIndex index = index("alias * alpha");

        assertThat(index.lookup("abc")).containsExactly("alpha");
        assertThat(index.lookup("a]bc")).isEmpty();
        assertThat(index.lookup("a[bc")).isEmpty();
    }

    @Test
    void lookup_builtinModule_byNameAndByAlias() throws Exception {
        ModuleIndex index = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/a/alpha.ko:")
                .file("modules.alias", "alias fs-alpha alpha")
                .file("modules.builtin", "kernel/fs/ext4/ext4.ko", "kernel/crypto/crc32c_generic.ko")
                .builtinModinfo("ext4.alias=fs-ext4", "ext4.license=GPL", "crc32c_generic.alias=crypto-crc32c", "debugfs.alias=fs-debugfs")
                .index();

        assertThat(index.lookup("ext4")).containsExactly("ext4");
        assertThat(index.lookup("fs-ext4")).containsExactly("ext4");
        assertThat(index.lookup("fs-debugfs")).containsExactly("debugfs");
        assertThat(index.lookup("debugfs")).as("only modules.builtin names are found by name").isEmpty();
        assertThat(index.module("ext4").orElseThrow().builtin()).isTrue();
    }

    @Test
    void lookup_loadableAliasMatches_builtinAliasesNotConsulted() throws Exception {
        ModuleIndex index = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/a/alpha.ko:")
                .file("modules.alias", "alias crypto-* alpha")
                .builtinModinfo("crc32c_generic.alias=crypto-crc32c")
                .index();

        assertThat(index.lookup("crypto-crc32c")).containsExactly("alpha");
    }

    @Test
    void lookup_builtinAliasesSharingPriority_comeInLibkmodsReverseVisitOrder() throws Exception {
        ModuleIndex index = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/a/alpha.ko:")
                .file("modules.alias", "alias none alpha")
                .builtinModinfo("one.alias=dev:a*", "two.alias=dev:*", "three.alias=dev:ab")
                .index();

        // libkmod visits "dev:*", then "dev:a*", then the exact "dev:ab", and puts each new
        // priority-0 value first.
        assertThat(index.lookup("dev:ab")).containsExactly("three", "one", "two");
    }

    @Test
    void module_compressedPath_isKeptAsWritten() throws Exception {
        ModuleIndex index = index("alias x alpha");

        assertThat(index.module("gamma-drv").orElseThrow().path()).isEqualTo("kernel/g/gamma-drv.ko.xz");
    }
}
