package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.reactor.sysfs.SysfsTree;
import picocli.CommandLine;

/**
 * What explain and the override commands read, faked: sysfs from explain.tree (edu unbound, e1000e
 * on its driver, a second e1000e on vfio-pci, the boot VGA device), procfs with the root mount and
 * a command line, and a module directory with vfio-pci, the edu variant driver and e1000e.
 */
final class FakeMachine {
    final Path sys;
    final Path proc;
    final ModuleDirFixture modules;
    private final Path noModprobeDir;

    FakeMachine(Path temp) throws IOException {
        sys = temp.resolve("sys");
        SysfsTree.buildFromResource(sys, FakeMachine.class, "explain.tree");
        proc = temp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("self/mountinfo"), "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
        Files.writeString(proc.resolve("cmdline"), "root=/dev/sda1\n");
        modules = new ModuleDirFixture(temp.resolve("modules"), "6.1.0-test")
                .file("modules.dep", "kernel/drivers/vfio/vfio.ko:",
                        "kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/vfio.ko",
                        "updates/edu_vfio_pci.ko: kernel/drivers/vfio/vfio.ko",
                        "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko:",
                        "kernel/drivers/pci/pci-stub.ko:")
                .file("modules.alias", "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci",
                        "alias vfio_pci:v00001234d000011E8sv*sd*bc*sc*i* edu_vfio_pci",
                        "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e");
        noModprobeDir = temp.resolve("no-modprobe.d");
    }

    /** Runs reactor with these arguments and this machine's paths (index, modprobe.d, sysfs, procfs). */
    int run(StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--modules-dir", modules.dir().toString(), "--config-dir", noModprobeDir.toString(),
                "--sys", sys.toString(), "--proc", proc.toString()));
        return commandLine.execute(all.toArray(String[]::new));
    }
}
