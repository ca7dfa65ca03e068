package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropInsTest {
    private static final String RULE = "[[rule]]\nname = \"%s\"\naction = \"ignore\"\nmatch.subsystem = \"usb\"\n";

    private static Policy loaded(PolicyDirectories dirs) {
        LoadResult result = PolicyLoader.load(dirs);
        assertThat(result).isInstanceOf(LoadResult.Loaded.class);
        return ((LoadResult.Loaded) result).policy();
    }

    @Test
    void load_standardDirectories_laterDirectoryReplacesFileOfSameName() {
        Policy policy = loaded(PolicyDirectories.under(Fixtures.path("dropins")));

        assertThat(policy.rules()).extracting(r -> r.ref().name()).doesNotContain("gpu-shipped").contains("gpu-admin");
        assertThat(policy.files()).anySatisfy(f -> assertThat(f).endsWith(Path.of("etc/reactor/rules.d/50-gpu.toml")));
    }

    @Test
    void load_standardDirectories_readsFilesInFileNameOrderAcrossDirectories() {
        Policy policy = loaded(PolicyDirectories.under(Fixtures.path("dropins")));

        assertThat(policy.files()).extracting(f -> f.getFileName().toString())
                .containsExactly("05-admin.toml", "10-vendor.toml", "20-runtime.toml", "50-gpu.toml");
        assertThat(policy.rules()).extracting(r -> r.ref().name())
                .containsExactly("admin-e1000e", "vendor-e1000e", "runtime-edu", "gpu-admin");
    }

    @Test
    void decide_deviceMatchedInTwoFiles_earlierFileNameWinsWhateverItsDirectory() {
        Policy policy = loaded(PolicyDirectories.under(Fixtures.path("dropins")));

        Decision d = policy.decide(Devices.pci("0000:00:02.0", 0x8086, 0x10d3, 0x020000));

        assertThat(d).isInstanceOf(Decision.Release.class);
        assertThat(d.rule().orElseThrow().name()).isEqualTo("admin-e1000e");
        assertThat(d.rule().orElseThrow().file()).endsWith(Path.of("etc/reactor/rules.d/05-admin.toml"));
    }

    @Test
    void load_symlinkToDevNull_masksTheEarlierFile(@TempDir Path root) throws IOException {
        PolicyDirectories dirs = PolicyDirectories.under(root);
        Path usr = Files.createDirectories(dirs.directories().get(0));
        Path etc = Files.createDirectories(dirs.directories().get(2));
        Files.writeString(usr.resolve("50-a.toml"), String.format(RULE, "masked"));
        Files.writeString(usr.resolve("60-b.toml"), String.format(RULE, "kept"));
        Files.createSymbolicLink(etc.resolve("50-a.toml"), Path.of("/dev/null"));

        Policy policy = loaded(dirs);

        assertThat(policy.rules()).extracting(r -> r.ref().name()).containsExactly("kept");
        assertThat(policy.files()).containsExactly(usr.resolve("60-b.toml"));
    }

    @Test
    void load_emptyFileInLaterDirectory_masksWithNoRules(@TempDir Path root) throws IOException {
        PolicyDirectories dirs = PolicyDirectories.under(root);
        Files.createDirectories(dirs.directories().get(0));
        Files.createDirectories(dirs.directories().get(1));
        Files.writeString(dirs.directories().get(0).resolve("50-a.toml"), String.format(RULE, "masked"));
        Files.writeString(dirs.directories().get(1).resolve("50-a.toml"), "");

        assertThat(loaded(dirs).rules()).isEmpty();
    }

    @Test
    void load_dotFilesAndOtherSuffixes_areNotRead(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("rules.d"));
        Files.writeString(dir.resolve(".hidden.toml"), "not toml at all [");
        Files.writeString(dir.resolve("50-a.toml.bak"), "not toml at all [");
        Files.writeString(dir.resolve("50-a.toml"), String.format(RULE, "only"));

        assertThat(loaded(PolicyDirectories.of(dir)).rules()).extracting(r -> r.ref().name()).containsExactly("only");
    }

    @Test
    void load_noDirectoryExists_isAnEmptyPolicy(@TempDir Path root) {
        Policy policy = loaded(PolicyDirectories.under(root));

        assertThat(policy.rules()).isEmpty();
        assertThat(policy.decide(Devices.block("loop0"))).isInstanceOf(Decision.NoMatch.class);
    }

    @Test
    void load_directoryIsAFile_failsNamingIt(@TempDir Path root) throws IOException {
        Path notDir = Files.writeString(root.resolve("rules.d"), "");

        LoadResult result = PolicyLoader.load(PolicyDirectories.of(notDir));

        assertThat(((LoadResult.Failed) result).errors()).containsExactly(new PolicyError(notDir, 0, "", "not a directory"));
    }

    @Test
    void standard_directories_areUsrLibThenRunThenEtc() {
        assertThat(PolicyDirectories.standard().directories()).containsExactly(
                Path.of("/usr/lib/reactor/rules.d"), Path.of("/run/reactor/rules.d"), Path.of("/etc/reactor/rules.d"));
    }
}
