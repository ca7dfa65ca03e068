package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.proto.ModuleTable;

/** The columnar module table: lookup by name bytes, lazy names, and damaged columns refused. */
class ModuleColumnsTest {
    @TempDir
    Path temp;

    private static ModuleTable threeModules() {
        ModuleTableBuilder b = new ModuleTableBuilder();
        int c = b.addLoadable("snd_hda_intel", "kernel/sound/snd-hda-intel.ko.xz");
        int a = b.addLoadable("caf\u00e9", "kernel/caf\u00e9.ko");
        b.addBuiltin("ext4", true);
        b.addBuiltin("crc32c_generic", false);
        b.addDependency(c, a);
        b.addSoftdeps(a, List.of("md5"), List.of());
        b.addSoftdeps(c, List.of(), List.of());
        return b.build();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void find_everyModule_byItsNameBytesAndNothingElse() {
        ModuleColumns columns = new ModuleColumns(threeModules());

        for (int m = 0; m < columns.count(); m++) {
            byte[] name = latin1(columns.name(m));
            assertThat(columns.find(name, 0, name.length)).isEqualTo(m);
        }
        for (String miss : List.of("", "ext", "ext4_", "snd_hda_intel.ko", "caf\u00c3\u00a9", "zzz", "\u00ff")) {
            assertThat(columns.find(latin1(miss), 0, miss.length())).as(miss).isEqualTo(-1);
        }
    }

    @Test
    void find_debianTree_everyModuleByName() throws Exception {
        ModuleColumns columns = new ModuleColumns(ModuleIndexBuilder.build(SharedTestData.debianModuleDir()).getModules());

        assertThat(columns.count()).isGreaterThan(4000);
        for (int m = 0; m < columns.count(); m++) {
            byte[] name = latin1(columns.name(m));
            assertThat(columns.find(name, 0, name.length)).isEqualTo(m);
        }
    }

    @Test
    void columns_keepNumberingKindsPathsDependenciesAndSoftdeps() {
        ModuleColumns columns = new ModuleColumns(threeModules());

        assertThat(columns.count()).isEqualTo(4);
        assertThat(columns.name(0)).isEqualTo("snd_hda_intel");
        assertThat(columns.path(0)).isEqualTo("kernel/sound/snd-hda-intel.ko.xz");
        assertThat(columns.path(1)).isEqualTo("kernel/caf\u00e9.ko");
        assertThat(columns.path(2)).isEmpty();
        assertThat(columns.dependencies(0)).containsExactly(1);
        assertThat(columns.dependencies(3)).isEmpty();
        assertThat(columns.builtin(1)).isFalse();
        assertThat(columns.listedInModulesBuiltin(2)).isTrue();
        assertThat(columns.listedInModulesBuiltin(3)).isFalse();
        assertThat(columns.softdeps(1).getPreList()).containsExactly("md5");
        assertThat(columns.softdeps(0)).as("neither pre nor post: no entry").isNull();
        assertThat(columns.softdeps(2)).isNull();
    }

    @Test
    void name_isDecodedOnceThenKept() {
        ModuleColumns columns = new ModuleColumns(threeModules());

        assertThat(columns.name(2)).isSameAs(columns.name(2));
    }

    @Test
    void build_modinfoOnlyBuiltinBeforeListedOne_isRefused() {
        ModuleTableBuilder b = new ModuleTableBuilder();
        b.addBuiltin("crc32c_generic", false);

        assertThatThrownBy(() -> b.addBuiltin("ext4", true)).isInstanceOf(IllegalStateException.class).hasMessageContaining("ext4");
        assertThatThrownBy(() -> b.addLoadable("e1000e", "kernel/e1000e.ko")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void load_columnOfWrongLength_failsNamingIt() {
        ModuleTable shortEnds = threeModules().toBuilder().setNameEnds(ByteString.copyFrom(new byte[12])).build();

        assertThatThrownBy(() -> new ModuleColumns(shortEnds)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name_ends has 12 bytes, not 4 for each of 4");
    }

    @Test
    void load_namesShorterThanTheirEnds_failsNamingTheColumn() {
        ModuleTable cut = threeModules().toBuilder().setNames(ByteString.copyFrom(latin1("snd"))).build();

        assertThatThrownBy(() -> new ModuleColumns(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name_ends ends at");
    }

    @Test
    void load_countsThatDoNotFit_areRefused() {
        ModuleTable wrong = threeModules().toBuilder().setLoadableCount(5).build();

        assertThatThrownBy(() -> new ModuleColumns(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not fit 4 modules");
    }

    @Test
    void dependencies_outOfRange_failNamingTheModule() {
        ModuleTable bad = threeModules().toBuilder().setDependencies(ByteString.copyFrom(LittleEndianInts.encode(new int[] {9}, 1))).build();

        assertThatThrownBy(() -> new ModuleColumns(bad).dependencies(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("module #0 depends on module #9");
    }
}
