package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.reactor.sysfs.SysfsTree;
import picocli.CommandLine;

/**
 * reactor bind/release on a fake sysfs tree: the outcomes that need no kernel behind the files
 * (nothing to do, a guard, a missing device, bad input) and their exit codes. Binding for real
 * is BindingIT's, in the QEMU guest.
 */
class BindCommandTest {
    @TempDir
    Path temp;

    private Path sys;
    private Path proc;
    private ModuleDirFixture modules;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void tree() throws IOException {
        sys = temp.resolve("sys");
        SysfsTree.buildFromResource(sys, BindCommandTest.class, "bind.tree");
        proc = temp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/mountinfo"), "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
        Files.writeString(proc.resolve("cmdline"), "root=/dev/sda1\n");
        modules = new ModuleDirFixture(temp.resolve("modules"), "6.1.0-test")
                .file("modules.dep", "kernel/drivers/vfio/pci/vfio-pci.ko:")
                .file("modules.alias", "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci");
    }

    private int run(String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--modules-dir", modules.dir().toString(), "--config-dir", temp.resolve("no-modprobe.d").toString(),
                "--sys", sys.toString(), "--proc", proc.toString()));
        return commandLine.execute(all.toArray(String[]::new));
    }

    @Test
    void bind_alreadyOnVfioPci_exits0WritingNothing() {
        int exit = run("bind", "--vfio", "0000:00:02.0");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("already bound: 0000:00:02.0 → vfio-pci", "vfio-dev/vfio0", "nothing written");
        assertThat(out.toString()).doesNotContain("wrote");
    }

    @Test
    void bind_bootVga_exits3NamingTheGuard() {
        int exit = run("bind", "--driver", "vfio-pci", "00:01.0");

        assertThat(exit).isEqualTo(BindingRun.REFUSED);
        assertThat(err.toString()).contains("refused 0000:00:01.0", "guard boot_vga", "boot_vga is 1");
    }

    @Test
    void bind_missingDevice_exits4() {
        int exit = run("bind", "--vfio", "0000:00:07.0");

        assertThat(exit).isEqualTo(BindingRun.GONE);
        assertThat(err.toString()).contains("gone: 0000:00:07.0 (ENODEV)");
    }

    @Test
    void bind_badAddressOrGroup_exits2NamingIt() {
        assertThat(run("bind", "--vfio", "0000:00:02")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("bad PCI address \"0000:00:02\"");
        assertThat(run("bind", "--vfio", "--group", "most", "0000:00:02.0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--group must be whole, viable or ignore, not \"most\"");
    }

    @Test
    void bind_neitherVfioNorDriver_isAUsageError() {
        assertThat(run("bind", "0000:00:02.0")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void release_deviceOnItsHostDriver_exits0AlreadyReleased() {
        int exit = run("release", "0000:00:01.0");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("already released: 0000:00:01.0 → bochs-drm");
    }
}
