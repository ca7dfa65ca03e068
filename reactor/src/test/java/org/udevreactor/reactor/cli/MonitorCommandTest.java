package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.NativeCallException;
import picocli.CommandLine;

/** The monitor's command line and its failures to open the socket, without a kernel. */
class MonitorCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(MonitorCommand.ListenerOpener opener, String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        if (opener != null) {
            CommandLine monitor = commandLine.getSubcommands().get("monitor");
            ((MonitorCommand) monitor.getCommand()).opener = opener;
        }
        return commandLine.execute(args);
    }

    @Test
    void monitor_socketNotPermitted_saysRunAsRootAndExits77() {
        int exit = run((config, sink) -> {
            throw new NativeCallException("bind(AF_NETLINK, groups 2)", 1);
        }, "monitor", "--udev");

        assertThat(exit).isEqualTo(77);
        assertThat(err.toString()).contains("cannot open the netlink uevent socket (group 2)").contains("EPERM")
                .contains("run as root");
    }

    @Test
    void monitor_noNetlinkInKernel_saysSoAndExits69() {
        int exit = run((config, sink) -> {
            throw new NativeCallException("socket(16, 524290, 15)", 93);
        }, "monitor");

        assertThat(exit).isEqualTo(69);
        assertThat(err.toString()).contains("EPROTONOSUPPORT").contains("no netlink uevent support");
    }

    @Test
    void monitor_unknownAction_isUsageErrorListingValidOnes() {
        int exit = run(null, "monitor", "--action", "explode");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown action \"explode\"").contains("add, remove, change");
    }

    @Test
    void monitor_udevAndKernelTogether_isUsageError() {
        int exit = run((config, sink) -> {
            throw new AssertionError("must not open a socket");
        }, "monitor", "--udev", "--kernel");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--udev and --kernel exclude each other");
    }

    @Test
    void monitor_badSubsystemMatch_isUsageError() {
        int exit = run((config, sink) -> {
            throw new AssertionError("must not open a socket");
        }, "monitor", "--subsystem-match", "/disk");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("expected SUBSYSTEM or SUBSYSTEM/DEVTYPE");
    }

    @Test
    void version_printsProductAndJavaVersion() {
        int exit = run(null, "--version");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("reactor 0.").contains("Java " + Runtime.version().feature());
    }
}
