package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.RealKernel;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.reactor.daemon.DaemonFixtures;
import picocli.CommandLine;

/** The control socket of a running daemon (dry run, fake tree) and the CLI on it. */
class ControlSocketTest {
    @TempDir
    Path temp;

    private Path socket;
    private Path rules;
    private RunCommand daemon;
    private CompletableFuture<Integer> exit;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startDaemon() throws Exception {
        RealKernel.requireRootAndNetlink();
        // Others must reach the socket through the directory: SO_PEERCRED alone refuses them.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        rules = Files.createDirectories(temp.resolve("rules.d"));
        Path config = DaemonFixtures.settingsFile(temp, sys, Files.createDirectories(temp.resolve("proc")),
                temp.resolve("no-modules"), rules);
        socket = temp.resolve("control.sock");
        daemon = new RunCommand();
        daemon.environment = Map.of();
        daemon.handleHangup = false;
        daemon.controlSocket = socket;
        daemon.opener = (c, sink) -> UeventListener.open(new ListenerConfig(NetlinkGroup.UDEV, 1 << 20,
                c.slotsPerCall(), c.maxBatch(), c.sysfs()), sink);
        CommandLine cli = new CommandLine(daemon).setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        exit = CompletableFuture.supplyAsync(() -> cli.execute("--dry-run", "--config", config.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            assertThat(System.nanoTime()).as("control socket within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.stop();
            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
            assertThat(socket).doesNotExist();
        }
    }

    private int cli(Object command, String... args) {
        CommandLine cli = new CommandLine(command).setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void status_root_answersWithRegistryAndCounters() {
        assertThat(cli(new StatusCommand(), "--socket", socket.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("kernel: " + System.getProperty("os.version"), "dry_run: true", "rules: 0",
                "devices: 5", "events_handled: 5");
    }

    @Test
    void status_nonRootPeer_refusedBySoPeercred() throws Exception {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
                // The refusal comes as soon as the connection is accepted, before any request.
                "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.settimeout(20)\ns.connect(sys.argv[1])\n"
                        + "print(s.makefile().readline().strip())",
                socket.toString()).redirectErrorStream(true).start();
        String reply = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(reply).isEqualTo("{\"version\":1,\"ok\":false,\"error\":\"permission denied: uid 65534 is not root\"}");
    }

    @Test
    void malformedRequests_getErrors_andTheConnectionCarriesOn() throws Exception {
        try (UnixSocketChannel channel = UnixSocketChannel.open(new UnixSocketAddress(socket.toFile()))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String[] requests = {"not json", "[1]", "{\"version\":2,\"command\":\"status\"}",
                    "{\"version\":1,\"command\":\"explode\"}", "{\"version\":1,\"command\":\"status\"}"};
            StringBuilder replies = new StringBuilder();
            for (String request : requests) {
                channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
                replies.append(in.readLine()).append('\n');
            }
            String[] lines = replies.toString().split("\n");

            assertThat(lines[0]).startsWith("{\"version\":1,\"ok\":false,\"error\":\"malformed request: not JSON: ");
            assertThat(lines[1]).contains("malformed request: expected an object");
            assertThat(lines[2]).contains("unsupported protocol version 2; this daemon speaks 1");
            assertThat(lines[3]).contains("unknown command \\\"explode\\\" (status, reload, settle)");
            assertThat(lines[4]).contains("\"ok\":true", "\"devices\":5");
        }
    }

    @Test
    void reload_brokenPolicy_reportsFileAndLine_oldPolicyStays() throws Exception {
        Path file = Files.writeString(rules.resolve("50-edu.toml"),
                "[[rule]]\nname = \"edu\"\naction = \"vfio\"\nmatch = { vendor = \"10zz\" }\n");

        assertThat(cli(new ReloadCommand(), "--socket", socket.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("reactor reload: policy not reloaded, the previous one stays: " + file + ":4: ");

        Files.writeString(file, "[[rule]]\nname = \"edu\"\naction = \"vfio\"\nmatch = { vendor = \"1234\" }\n");
        assertThat(cli(new ReloadCommand(), "--socket", socket.toString(), "--json")).isZero();
        assertThat(out.toString()).contains("\"rules\":1");
    }

    @Test
    void settle_answersOnceTheQueueIsEmpty() {
        assertThat(cli(new SettleCommand(), "--socket", socket.toString(), "--timeout", "30")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("events_handled: 5");
    }

    @Test
    void status_noDaemonAtThePath_exit69SayingSo() {
        Path none = temp.resolve("none.sock");

        assertThat(cli(new StatusCommand(), "--socket", none.toString())).isEqualTo(69);
        assertThat(err.toString()).contains("reactor status: no daemon answers at " + none);
    }
}
