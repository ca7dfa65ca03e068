package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** modprobe.d(5): directory precedence, file order, each command, problems named by file:line. */
class ModprobeConfigTest {
    @TempDir
    Path temp;

    private Path etc;
    private Path run;
    private Path usrLib;
    private Path modulesDir;

    @BeforeEach
    void dirs() throws Exception {
        etc = Files.createDirectories(temp.resolve("etc/modprobe.d"));
        run = Files.createDirectories(temp.resolve("run/modprobe.d"));
        usrLib = Files.createDirectories(temp.resolve("usr/lib/modprobe.d"));
        modulesDir = Files.createDirectories(temp.resolve("lib/modules/6.1.0-test"));
    }

    private ModprobeConfig read() throws Exception {
        return new ModprobeSources(List.of(etc, run, usrLib, temp.resolve("lib/modprobe.d")), modulesDir, null).read();
    }

    private static void write(Path file, String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    @Test
    void files_sameNameInEarlierDirectory_hidesLaterOne() throws Exception {
        write(usrLib.resolve("nic.conf"), "options e1000e from=usr");
        write(etc.resolve("nic.conf"), "options e1000e from=etc");

        assertThat(read().options("e1000e")).isEqualTo("from=etc");
    }

    @Test
    void files_linkToDevNull_masksFileOfSameName() throws Exception {
        write(usrLib.resolve("blacklist.conf"), "blacklist e1000e");
        Files.createSymbolicLink(etc.resolve("blacklist.conf"), Path.of("/dev/null"));

        assertThat(read().blacklisted("e1000e")).isFalse();
    }

    @Test
    void files_acrossDirectories_readSortedByFileName() throws Exception {
        write(usrLib.resolve("10-a.conf"), "options m first=1");
        write(etc.resolve("20-b.conf"), "options m second=2");
        write(run.resolve("15-c.conf"), "options m middle=1");
        write(etc.resolve("ignored.txt"), "options m nope=1");

        assertThat(read().options("m")).isEqualTo("first=1 middle=1 second=2");
    }

    @Test
    void parse_everyCommand_applied() throws Exception {
        write(etc.resolve("all.conf"),
                "# a comment",
                "",
                "options snd-hda-intel power_save=1 \\",
                "    model=auto",
                "blacklist pcspkr",
                "softdep nic pre: crc post: ptp extra",
                "install usb-storage /bin/true",
                "remove usb-storage /bin/false --now");

        ModprobeConfig config = read();

        assertThat(config.options("snd_hda_intel")).isEqualTo("power_save=1 model=auto");
        assertThat(config.blacklisted("pcspkr")).isTrue();
        assertThat(config.softdep("nic")).contains(new ModprobeConfig.Softdep(List.of("crc"), List.of("ptp", "extra")));
        assertThat(config.installCommand("usb_storage")).contains("/bin/true");
        assertThat(config.removeCommand("usb_storage")).contains("/bin/false --now");
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void parse_badLines_reportedWithFileAndLineOthersApplied() throws Exception {
        Path file = etc.resolve("bad.conf");
        write(file,
                "options lonely",
                "blacklist",
                "frobnicate all",
                "alias pci:v* e1000e",
                "options good x=1",
                "alias lonely",
                "alias pci:v[0-9 e1000e");

        ModprobeConfig config = read();

        assertThat(config.problems()).extracting(ModprobeConfig.Problem::toString).containsExactly(
                file + ":1: expected \"options MODULE OPTION...\", got \"options lonely\"",
                file + ":2: expected \"blacklist MODULE\", got \"blacklist\"",
                file + ":3: unknown command \"frobnicate\"",
                file + ":6: expected \"alias WILDCARD MODULE\", got \"alias lonely\"",
                file + ":7: unmatched '[' or ']' in \"alias pci:v[0-9 e1000e\"");
        assertThat(config.options("good")).isEqualTo("x=1");
        assertThat(config.aliases()).extracting(a -> a.pattern().pattern() + " " + a.module()).containsExactly("pci:v* e1000e");
    }

    @Test
    void alias_dashesOutsideBracketsBecomeUnderscores_linesKeptInReadOrder() throws Exception {
        write(etc.resolve("a.conf"), "alias my-nic[-_]* e1000e", "alias my-nic* snd-pcsp");
        write(etc.resolve("b.conf"), "alias my-nic-x extra");

        ModprobeConfig config = read();

        assertThat(config.aliases()).extracting(a -> a.pattern().pattern() + " " + a.module())
                .containsExactly("my_nic[-_]* e1000e", "my_nic* snd_pcsp", "my_nic_x extra");
        assertThat(config.aliasTargets("my_nic_x")).containsExactly("e1000e", "snd_pcsp", "extra");
        assertThat(config.aliasTargets("other")).isEmpty();
    }

    @Test
    void softdep_modprobeDBeforeModulesSoftdep_firstLineWins() throws Exception {
        write(etc.resolve("soft.conf"), "softdep nic pre: mine");
        write(modulesDir.resolve("modules.softdep"), "softdep nic pre: depmods", "softdep other pre: x", "softdep other pre: y");

        ModprobeConfig config = read();

        assertThat(config.softdep("nic").orElseThrow().pre()).containsExactly("mine");
        assertThat(config.softdep("other").orElseThrow().pre()).containsExactly("x");
    }

    @Test
    void kernelCommandLine_optionsAfterFilesAndBlacklist() throws Exception {
        write(etc.resolve("nic.conf"), "options e1000e debug=1");
        Path cmdline = temp.resolve("cmdline");
        write(cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/sda1 e1000e.debug=16 modprobe.blacklist=pcspkr,snd-pcsp quiet");

        ModprobeConfig config = new ModprobeSources(List.of(etc), modulesDir, cmdline).read();

        assertThat(config.options("e1000e")).isEqualTo("debug=1 debug=16");
        assertThat(config.blacklisted("pcspkr")).isTrue();
        assertThat(config.blacklisted("snd_pcsp")).isTrue();
    }

    @Test
    void missingDirectoriesAndCommandLine_emptyConfig() throws Exception {
        ModprobeConfig config = new ModprobeSources(List.of(temp.resolve("nowhere")), modulesDir, temp.resolve("no-cmdline")).read();

        assertThat(config.problems()).isEmpty();
        assertThat(config.options("anything")).isEmpty();
    }
}
