package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** reactor modprobe on a hand-written tree: the -n plan, and real calls on this host's kernel. */
class ModprobeCommandTest {
    @TempDir
    Path temp;

    private Path modulesDir;
    private Path configDir;
    private Path cmdline;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeTree() throws IOException {
        modulesDir = Files.createDirectories(temp.resolve("6.1.0-test"));
        write(modulesDir.resolve("modules.dep"), "kernel/net/e1000e.ko: kernel/net/ptp.ko kernel/net/pps.ko", "kernel/net/ptp.ko: kernel/net/pps.ko",
                "kernel/net/pps.ko:", "kernel/sound/pcspkr.ko:", "kernel/usb/usb-storage.ko:");
        write(modulesDir.resolve("modules.alias"), "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e", "alias platform:pcspkr pcspkr",
                "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* usb_storage");
        write(modulesDir.resolve("modules.softdep"), "softdep e1000e post: missing_thing");
        write(modulesDir.resolve("modules.builtin"), "kernel/crypto/crc32c_generic.ko");
        for (String ko : new String[] {"kernel/net/e1000e.ko", "kernel/net/ptp.ko", "kernel/net/pps.ko"}) {
            Files.createDirectories(modulesDir.resolve(ko).getParent());
            Files.writeString(modulesDir.resolve(ko), "not an ELF file");
        }
        configDir = Files.createDirectories(temp.resolve("modprobe.d"));
        write(configDir.resolve("local.conf"), "options e1000e InterruptThrottleRate=3000", "blacklist pcspkr",
                "install usb-storage /bin/true", "bogus line");
        cmdline = temp.resolve("cmdline");
        write(cmdline, "root=/dev/vda e1000e.debug=16");
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private int run(String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 8];
        System.arraycopy(new String[] {"modprobe", "--modules-dir", modulesDir.toString(), "--config-dir", configDir.toString(),
                "--cmdline", cmdline.toString(), "--sys=" + temp.resolve("sys")}, 0, all, 0, 8);
        System.arraycopy(args, 0, all, 8, args.length);
        return commandLine.execute(all);
    }

    @Test
    void dryRun_moduleName_printsOrderedPlanWithOptionsAndRoles() {
        int exit = run("-n", "e1000e");

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "load pps kernel/net/pps.ko (dependency of e1000e)",
                "load ptp kernel/net/ptp.ko (dependency of e1000e)",
                "load e1000e kernel/net/e1000e.ko options=\"InterruptThrottleRate=3000 debug=16\" (requested)",
                "missing missing_thing (softdep post of e1000e)");
        assertThat(err.toString()).contains("local.conf:4: unknown command \"bogus\" (line ignored)");
    }

    @Test
    void dryRun_blacklistedAliasAndInstallCommand_printsSkipsWithReasons() {
        int exit = run("-n", "platform:pcspkr", "usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00", "crc32c-generic");

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "skip pcspkr: blacklisted, and resolved from alias platform:pcspkr (requested)",
                "skip usb_storage: modprobe.d has \"install /bin/true\", which is never run (requested)",
                "builtin crc32c_generic (requested)");
    }

    @Test
    void load_thisHostsKernel_reportsErrnoOfFirstModuleAndSkipsDependents() {
        int exit = run("e1000e");

        // This host has no module support (ENOSYS); elsewhere unprivileged (EPERM) or not an ELF (ENOEXEC).
        assertThat(exit).isIn(ExitCodes.UNAVAILABLE, ExitCodes.NO_PERMISSION, ExitCodes.INCOMPLETE);
        assertThat(out.toString().lines().toList()).hasSize(5).last().asString().startsWith("total: 1 kernel calls, ");
        assertThat(out.toString()).startsWith("failed pps (" + modulesDir.resolve("kernel/net/pps.ko") + "): finit_module(");
        assertThat(out.toString()).contains("skipped ptp: needs pps", "skipped e1000e: needs ptp");
        assertThat(out.toString()).contains("missing missing_thing (softdep post of e1000e)");
        assertThat(err.toString()).contains("reactor modprobe: pps (");
    }

    @Test
    void load_severalRequestsWithJobs_resultsInArgumentOrder() {
        int exit = run("--jobs", "3", "pps", "no_such_module", "platform:pcspkr", "crc32c-generic");

        assertThat(exit).isIn(ExitCodes.UNAVAILABLE, ExitCodes.NO_PERMISSION, ExitCodes.INCOMPLETE);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("failed pps (" + modulesDir.resolve("kernel/net/pps.ko") + "): finit_module(");
        assertThat(lines.subList(1, 4)).containsExactly("missing no_such_module", "blacklisted pcspkr (alias platform:pcspkr)",
                "builtin crc32c_generic");
        assertThat(lines.get(4)).startsWith("total: 1 kernel calls, ").endsWith(" wall-clock with 3 jobs");
    }

    @Test
    void load_zeroJobs_isUsageError() {
        int exit = run("--jobs", "0", "pps");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--jobs must be at least 1, got 0");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void load_unknownModule_exitOneAndSaysSo() {
        int exit = run("no_such_module");

        assertThat(exit).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(err.toString()).contains("no_such_module: no such module or alias in the index");
    }
}
