package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.RealKernel;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.reactor.daemon.DaemonFixtures;
import org.udevreactor.reactor.systemd.NotifyReceiver;
import org.udevreactor.rules.PolicyError;
import picocli.CommandLine;

/**
 * reactor run under systemd: a real datagram socket stands in for systemd's NOTIFY_SOCKET; the
 * daemon runs in a dry run on a fake sysfs tree with a real netlink listener.
 */
class RunSystemdTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private NotifyReceiver systemd;
    private Path socket;
    private Path rules;

    @BeforeEach
    void receiver() throws Exception {
        RealKernel.requireRootAndNetlink();
        socket = temp.resolve("notify");
        systemd = new NotifyReceiver(socket.toString());
    }

    @AfterEach
    void closeReceiver() throws Exception {
        if (systemd != null) {
            systemd.close();
        }
    }

    @Test
    void run_underSystemd_readyAfterColdplugWatchdogAtHalfTheIntervalStoppingOnStop() throws Exception {
        RunCommand command = command(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "200000",
                "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid())));
        CompletableFuture<Integer> exit = start(command);

        NotifyReceiver.Message ready = systemd.await("READY=1", START);
        // The fake tree's five devices are all in the registry when READY=1 is sent: coldplug is done.
        assertThat(ready.text()).contains("STATUS=running: 0 rules, 5 devices, 5 events handled");
        assertThat(systemd.all().get(0).text()).isEqualTo("STATUS=starting: policy, module index, then coldplug");

        long windowStart = System.nanoTime();
        Thread.sleep(1000);
        long windowEnd = System.nanoTime();
        long pings = systemd.all().stream().filter(m -> m.has("WATCHDOG=1"))
                .filter(m -> m.nanos() >= windowStart && m.nanos() <= windowEnd).count();
        // Every 100 ms (half of WATCHDOG_USEC), with a fixed delay: never more than the window
        // allows; at least a few even on a loaded machine.
        long most = TimeUnit.NANOSECONDS.toMillis(windowEnd - windowStart) / 100 + 1;
        assertThat(pings).isBetween(3L, most);

        command.stop();
        assertThat(systemd.await("STOPPING=1", START).text()).startsWith("STOPPING=1\nSTATUS=stopping");
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void run_watchdogPidOfAnotherProcess_noPings() throws Exception {
        RunCommand command = command(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "100000",
                "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid() + 1)));
        CompletableFuture<Integer> exit = start(command);

        systemd.await("READY=1", START);
        Thread.sleep(500);
        command.stop();
        systemd.await("STOPPING=1", START);

        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(systemd.all()).noneMatch(m -> m.has("WATCHDOG=1"));
    }

    @Test
    void reload_brokenPolicy_oldStaysErrorsWithFileAndLine_thenFixedPolicyApplies() throws Exception {
        RunCommand command = command(Map.of("NOTIFY_SOCKET", socket.toString()));
        CompletableFuture<Integer> exit = start(command);
        systemd.await("READY=1", START);

        Path file = Files.writeString(rules.resolve("50-edu.toml"), """
                [[rule]]
                name = "edu"
                action = "vfio"
                match = { vendor = "10zz" }
                """);
        List<PolicyError> errors = command.reload();

        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).toString()).startsWith(file + ":4: ");
        assertThat(systemd.await("RELOADING=1", START).text()).containsPattern("MONOTONIC_USEC=\\d+");
        assertThat(systemd.await("READY=1", START).text()).contains("STATUS=running: policy NOT reloaded (1 errors, first "
                + file + ":4: ").contains("0 rules");

        Files.writeString(file, """
                [[rule]]
                name = "edu"
                action = "vfio"
                match = { vendor = "1234", device = "11e8" }
                """);
        assertThat(command.reload()).isEmpty();
        systemd.await("RELOADING=1", START);
        assertThat(systemd.await("READY=1", START).text()).contains("STATUS=running: policy reloaded; 1 rules");

        command.stop();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void run_withoutNotifySocket_runsAndStopsSilently() throws Exception {
        RunCommand command = command(Map.of());
        CompletableFuture<Integer> exit = start(command);
        Thread.sleep(300);
        command.stop();

        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(systemd.all()).isEmpty();
    }

    private RunCommand command(Map<String, String> environment) {
        RunCommand command = new RunCommand();
        command.environment = environment;
        command.handleHangup = false;
        command.controlSocket = temp.resolve("control.sock");
        // udev's group, not the kernel's: no udevd runs here, so no host event reaches the
        // daemon and the counts in STATUS are the fake tree's alone.
        command.opener = (config, sink) -> UeventListener.open(new ListenerConfig(NetlinkGroup.UDEV, 1 << 20,
                config.slotsPerCall(), config.maxBatch(), config.sysfs()), sink);
        return command;
    }

    private CompletableFuture<Integer> start(RunCommand command) throws Exception {
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        rules = Files.createDirectories(temp.resolve("rules.d"));
        Path config = DaemonFixtures.settingsFile(temp, sys, Files.createDirectories(temp.resolve("proc")),
                temp.resolve("no-modules"), rules);
        CommandLine cli = new CommandLine(command).setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return CompletableFuture.supplyAsync(() -> cli.execute("--dry-run", "--config", config.toString()));
    }
}
