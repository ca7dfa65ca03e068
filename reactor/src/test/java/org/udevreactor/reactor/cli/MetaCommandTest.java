package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** reactor meta build, lookup and show on a small hand-written module tree. */
class MetaCommandTest {
    @TempDir
    Path temp;

    private Path modulesDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeTree() throws IOException {
        modulesDir = temp.resolve("6.1.0-test");
        Files.createDirectories(modulesDir);
        write("modules.dep", "kernel/net/e1000e.ko.xz: kernel/net/ptp.ko", "kernel/net/ptp.ko:", "kernel/vfio/edu-vfio.ko:",
                "kernel/vfio/vfio-pci.ko:");
        write("modules.order", "kernel/net/ptp.ko", "kernel/net/e1000e.ko", "kernel/vfio/vfio-pci.ko", "kernel/vfio/edu-vfio.ko");
        write("modules.alias", "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e", "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci",
                "alias vfio_pci:v00001234d000011E8sv*sd*bc*sc*i* edu_vfio");
        write("modules.softdep", "softdep e1000e pre: crc32c post: ptp_extra");
    }

    private void write(String name, String... lines) throws IOException {
        Files.writeString(modulesDir.resolve(name), String.join("\n", lines) + "\n");
    }

    private int run(String stdin, String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        if (stdin != null) {
            MetaLookupCommand lookup = (MetaLookupCommand) commandLine.getSubcommands().get("meta").getSubcommands().get("lookup").getCommand();
            lookup.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return commandLine.execute(args);
    }

    @Test
    void build_moduleTree_writesIndexAndSaysWhat() {
        Path output = temp.resolve("out/meta.pb");

        int exit = run(null, "meta", "build", "--modules-dir", modulesDir.toString(), "--output", output.toString());

        assertThat(exit).isZero();
        assertThat(output).exists();
        assertThat(out.toString()).contains(output.toString()).contains("kernel 6.1.0-test").contains("4 modules").contains("3 aliases");
    }

    @Test
    void build_malformedAliasFile_exits65NamingFileAndLine() throws IOException {
        write("modules.alias", "alias pci:* e1000e", "alias broken");

        int exit = run(null, "meta", "build", "--modules-dir", modulesDir.toString(), "--output", temp.resolve("m.pb").toString());

        assertThat(exit).isEqualTo(65);
        assertThat(err.toString()).contains(modulesDir.resolve("modules.alias") + ":2:");
    }

    @Test
    void build_missingModuleDirectory_exits66() {
        int exit = run(null, "meta", "build", "--modules-dir", temp.resolve("absent").toString(), "--output", temp.resolve("m.pb").toString());

        assertThat(exit).isEqualTo(66);
        assertThat(err.toString()).contains("absent");
    }

    @Test
    void lookup_modaliasArguments_printsOneModulePerLineLikeModprobe() {
        int exit = run(null, "meta", "lookup", "--modules-dir", modulesDir.toString(),
                "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00", "e1000e");

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("e1000e\ne1000e\n");
    }

    @Test
    void lookup_nothingMatches_exits1WithNoOutput() {
        int exit = run(null, "meta", "lookup", "--modules-dir", modulesDir.toString(), "usb:v1234p5678");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void lookup_stdin_printsModaliasTabModulesPerLine() {
        int exit = run("pci:v00008086d000010D3sv0sd0bc02sc00i00\nusb:nothing\nvfio_pci:v00001234d000011E8sv0sd0bc0sc0i0\n",
                "meta", "lookup", "--modules-dir", modulesDir.toString(), "-");

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("pci:v00008086d000010D3sv0sd0bc02sc00i00\te1000e\n" + "usb:nothing\t\n"
                + "vfio_pci:v00001234d000011E8sv0sd0bc0sc0i0\tvfio_pci,edu_vfio\n");
    }

    @Test
    void lookup_vfio_ranksVariantBeforeGenericDriver() {
        int exit = run(null, "meta", "lookup", "--modules-dir", modulesDir.toString(), "--vfio", "pci:v00001234d000011E8sv0sd0bc0sc0i0");

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly("1\tedu_vfio\tvfio_pci:v00001234d000011E8sv*sd*bc*sc*i*\t36\tloadable",
                "2\tvfio_pci\tvfio_pci:v*d*sv*sd*bc*sc*i*\t20\tloadable");
    }

    @Test
    void lookup_dashMixedWithModaliases_isUsageError() {
        int exit = run("", "meta", "lookup", "--modules-dir", modulesDir.toString(), "-", "pci:v1");

        assertThat(exit).isEqualTo(2);
    }

    @Test
    void lookup_indexOlderThanModuleTree_warnsItIsStale() throws IOException {
        Path index = temp.resolve("meta.pb");
        assertThat(run(null, "meta", "build", "--modules-dir", modulesDir.toString(), "--output", index.toString())).isZero();
        write("modules.alias", "alias pci:v* e1000e");

        int exit = run(null, "meta", "lookup", "--index", index.toString(), "--modules-dir", modulesDir.toString(), "e1000e");

        assertThat(exit).isZero();
        assertThat(err.toString()).contains("is stale").contains("modules.alias").contains("reactor meta build");
    }

    @Test
    void show_module_printsPathDependenciesAndSoftdeps() {
        int exit = run(null, "meta", "show", "--modules-dir", modulesDir.toString(), "e1000e");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("path:         kernel/net/e1000e.ko.xz").contains("built-in:     no")
                .contains("depends:      ptp").contains("softdep pre:  crc32c").contains("softdep post: ptp_extra");
    }

    @Test
    void show_unknownModule_exits1NamingIt() {
        int exit = run(null, "meta", "show", "--modules-dir", modulesDir.toString(), "nosuch");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no module nosuch");
    }
}
