package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.NativeCallException;
import picocli.CommandLine;

/** reactor run's failures at start: each with its exit code and a message saying what to do. */
class RunCommandTest {
    @TempDir
    Path temp;

    private final StringWriter err = new StringWriter();

    private int run(RunCommand command, String... args) {
        CommandLine cli = new CommandLine(command).setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    /** Settings for a fake host: the given procfs, an empty sysfs, no rules. */
    private Path config(Path proc, Path modulesDir) throws Exception {
        Path sys = Files.createDirectories(temp.resolve("sys/devices"));
        Path rules = Files.createDirectories(temp.resolve("rules.d"));
        return org.udevreactor.reactor.daemon.DaemonFixtures.settingsFile(temp, sys.getParent(), proc, modulesDir, rules);
    }

    @Test
    void call_invalidSettings_exits78NamingEachError() throws Exception {
        Path file = Files.writeString(temp.resolve("reactor.toml"), "[events]\nworkers = \"many\"\n");
        assertThat(run(new RunCommand(), "--config", file.toString())).isEqualTo(78);
        assertThat(err.toString()).contains(file + ":2: events.workers: must be an integer, not a string");
    }

    @Test
    void call_dryRunWithTrigger_isABadCommandLine() {
        assertThat(run(new RunCommand(), "--dry-run", "--trigger")).isEqualTo(2);
        assertThat(err.toString()).contains("--trigger writes to sysfs; it cannot be combined with --dry-run");
    }

    @Test
    void call_kernelWithModulesButNoIndex_exits66SayingWhatToDo() throws Exception {
        Path proc = Files.createDirectories(temp.resolve("proc"));
        Files.writeString(proc.resolve("modules"), "");
        Path missing = temp.resolve("lib/modules/6.1.0-missing");
        RunCommand command = new RunCommand();
        // The socket is opened beside the index's check; an index that cannot be had is still the
        // error reported, not the socket's.
        command.opener = (config, sink) -> {
            throw new NativeCallException("socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)", 93);
        };
        assertThat(run(command, "--config", config(proc, missing).toString())).isEqualTo(66);
        assertThat(err.toString()).contains("reactor run: no usable module index: no module directory " + missing
                + " (install the running kernel's modules package, or set paths.modules_dir in reactor.toml)");
    }

    @Test
    void call_netlinkSocketRefused_exits69() throws Exception {
        Path proc = Files.createDirectories(temp.resolve("proc"));
        RunCommand command = new RunCommand();
        command.opener = (config, sink) -> {
            throw new NativeCallException("socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)", 93);
        };
        assertThat(run(command, "--dry-run", "--config", config(proc, temp.resolve("none")).toString())).isEqualTo(69);
        assertThat(err.toString()).contains("reactor run: cannot open the netlink uevent socket: ");
    }

    @Test
    void call_netlinkNotPermitted_exits77AndSaysRunAsRoot() throws Exception {
        Path proc = Files.createDirectories(temp.resolve("proc"));
        RunCommand command = new RunCommand();
        command.opener = (config, sink) -> {
            throw new NativeCallException("bind(NETLINK_KOBJECT_UEVENT, group 1)", 1);
        };
        assertThat(run(command, "--dry-run", "--config", config(proc, temp.resolve("none")).toString())).isEqualTo(77);
        assertThat(err.toString()).contains("(run as root)");
    }
}
