package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/cmdline words that concern modprobe, and the ones that do not. */
class KernelCommandLineTest {
    private static ModprobeConfig parse(String cmdline) {
        return KernelCommandLine.apply(cmdline, new ModprobeConfig.Builder()).build();
    }

    @Test
    void apply_moduleParameters_becomeOptionsInOrder() {
        ModprobeConfig config = parse("root=/dev/vda ro vfio-pci.ids=1234:11e8,8086:10d3 vfio_pci.disable_vga=1 e1000e.flag");

        assertThat(config.options("vfio_pci")).isEqualTo("ids=1234:11e8,8086:10d3 disable_vga=1");
        assertThat(config.options("e1000e")).isEqualTo("flag");
    }

    @Test
    void apply_quotedValueWithSpaces_keptWholeWithQuotes() {
        ModprobeConfig config = parse("m.name=\"a b  c\" other=1\n");

        assertThat(config.options("m")).isEqualTo("name=\"a b  c\"");
    }

    @Test
    void apply_valueContainingDots_splitAtFirstDotOfKeyOnly() {
        ModprobeConfig config = parse("m.path=/lib/fw.bin");

        assertThat(config.options("m")).isEqualTo("path=/lib/fw.bin");
    }

    @Test
    void apply_modprobeBlacklist_commaSeparatedNamesNormalised() {
        ModprobeConfig config = parse("modprobe.blacklist=nouveau,snd-pcsp,, modprobe.other=1");

        assertThat(config.blacklisted("nouveau")).isTrue();
        assertThat(config.blacklisted("snd_pcsp")).isTrue();
        assertThat(config.options("modprobe")).isEmpty();
    }

    @Test
    void apply_wordsWithoutModulePart_ignored() {
        ModprobeConfig config = parse(".x=1 y.=2 initrd=/boot/a.img quiet -- init.arg=1");

        assertThat(config.options("")).isEmpty();
        assertThat(config.options("y")).isEmpty();
        assertThat(config.options("initrd=/boot/a")).isEmpty();
        // As modprobe: it reads every word, even those after "--".
        assertThat(config.options("init")).isEqualTo("arg=1");
    }
}
