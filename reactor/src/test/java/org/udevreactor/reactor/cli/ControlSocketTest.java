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
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private Path sys;
    private int prometheusPort;
    private RunCommand daemon;
    private CompletableFuture<Integer> exit;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startDaemon() throws Exception {
        RealKernel.requireRootAndNetlink();
        // Others must reach the socket through the directory: SO_PEERCRED alone refuses them.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        rules = Files.createDirectories(temp.resolve("rules.d"));
        Path config = DaemonFixtures.settingsFile(temp, sys, Files.createDirectories(temp.resolve("proc")),
                temp.resolve("no-modules"), rules);
        socket = temp.resolve("control.sock");
        daemon = new RunCommand();
        daemon.environment = Map.of();
        daemon.handleHangup = false;
        daemon.controlSocket = socket;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            prometheusPort = free.getLocalPort();
        }
        daemon.prometheusPort = prometheusPort;
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
            assertThat(lines[3]).contains("unknown command \\\"explode\\\" (status, list, explain, reload, settle, trigger)");
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
    void statusJson_countersHistogramsQueueAndIdentity() throws Exception {
        assertThat(cli(new StatusCommand(), "--socket", socket.toString(), "--json")).as(err.toString()).isZero();
        JsonNode status = new ObjectMapper().readTree(out.toString());

        assertThat(status.path("queue").path("waiting").asInt(-1)).isZero();
        assertThat(status.path("queue").path("running").asInt(-1)).isZero();
        assertThat(status.path("index").path("kernel").asText()).isEqualTo(System.getProperty("os.version"));
        assertThat(status.path("index").path("origin").asText()).startsWith("none: ");
        JsonNode events = status.path("events");
        assertThat(events.path("by_action").path("add").asLong()).isEqualTo(5);
        assertThat(events.path("by_source").path("coldplug").asLong()).isEqualTo(5);
        assertThat(events.path("lost").asLong(-1)).isZero();
        assertThat(events.path("rejected").isObject()).isTrue();
        assertThat(events.path("latency_ms").path("count").asLong()).isEqualTo(5);
        assertThat(events.path("latency_ms").path("buckets").path("+Inf").asLong()).isEqualTo(5);
        assertThat(status.path("lookups").asLong(-1)).isZero();
        assertThat(status.path("loads").path("results").isObject()).isTrue();
        assertThat(status.path("binds").path("rollbacks").isObject()).isTrue();
        assertThat(status.path("resyncs").path("count").asLong(-1)).isZero();
        assertThat(status.path("errors").isArray()).isTrue();
    }

    @Test
    void trigger_rehandlesEveryDeviceAndRemovesTheVanished_listShowsTheDaemonsRecords() throws Exception {
        Files.writeString(rules.resolve("50-edu.toml"),
                "[[rule]]\nname = \"edu\"\naction = \"vfio\"\nmatch = { vendor = \"1234\" }\n");
        assertThat(cli(new ReloadCommand(), "--socket", socket.toString())).as(err.toString()).isZero();
        // The partition vanishes unseen: a trigger finds it gone.
        deleteTree(sys.resolve("devices/virtual/block/loop0/loop0p1"));
        out.getBuffer().setLength(0);

        assertThat(cli(new TriggerCommand(), "--socket", socket.toString(), "--json")).as(err.toString()).isZero();
        JsonNode done = new ObjectMapper().readTree(out.toString());
        assertThat(done.path("added").asInt()).isEqualTo(4);
        assertThat(done.path("removed").asInt()).isEqualTo(1);
        out.getBuffer().setLength(0);

        assertThat(cli(new ListCommand(), "--socket", socket.toString(), "--sys", sys.toString(), "--json")).as(err.toString()).isZero();
        JsonNode edu = new ObjectMapper().readTree(out.toString().strip());
        assertThat(edu.path("address").asText()).isEqualTo("0000:00:03.0");
        assertThat(edu.path("source").asText()).isEqualTo("daemon");
        assertThat(edu.path("rule").asText()).isEqualTo("edu");
        assertThat(edu.path("rule_file").asText()).isEqualTo(rules.resolve("50-edu.toml") + ":1");
        assertThat(edu.path("last_action").asText()).isEqualTo("add");
        assertThat(edu.path("result").asText()).isNotEmpty();
        out.getBuffer().setLength(0);

        assertThat(cli(new ListCommand(), "--socket", temp.resolve("none.sock").toString(), "--sys", sys.toString(),
                "--rules-dir", rules.toString(), "--json")).isZero();
        JsonNode fromSysfs = new ObjectMapper().readTree(out.toString().strip());
        assertThat(fromSysfs.path("source").asText()).isEqualTo("sysfs");
        assertThat(fromSysfs.path("rule").asText()).isEqualTo("edu");
        assertThat(fromSysfs.path("last_action").isNull()).isTrue();

        out.getBuffer().setLength(0);
        assertThat(cli(new StatusCommand(), "--socket", socket.toString())).isZero();
        assertThat(out.toString()).contains("events.by_source.trigger: 5", "events.by_action.remove: 1", "devices: 4");
    }

    @Test
    void explain_overTheSocket_decidedByTheDaemonsPolicy() throws Exception {
        Files.writeString(rules.resolve("50-edu.toml"),
                "[[rule]]\nname = \"edu\"\naction = \"vfio\"\nmatch = { vendor = \"1234\" }\n");
        assertThat(cli(new ReloadCommand(), "--socket", socket.toString())).isZero();
        ControlRequest client = new ControlRequest();
        client.socket = socket;

        JsonNode reply = client.call("explain", Map.of("device", "0000:00:03.0"));
        JsonNode gone = client.call("explain", Map.of("device", "0000:00:09.0"));
        JsonNode none = client.call("explain", Map.of());

        assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
        assertThat(reply.path("explanation").path("decision").path("rule").path("name").asText()).isEqualTo("edu");
        assertThat(reply.path("explanation").path("target").asText()).isEqualTo("0000:00:03.0");
        assertThat(reply.path("text").asText()).contains("edu", "0000:00:03.0");
        assertThat(gone.path("ok").asBoolean()).isFalse();
        assertThat(gone.path("error").asText()).contains("0000:00:09.0");
        assertThat(none.path("error").asText()).isEqualTo("explain needs \"device\": a PCI address, a devpath or a modalias");

        // The CLI's --daemon prints the daemon's answer as explain prints its own.
        out.getBuffer().setLength(0);
        assertThat(cli(new ExplainCommand(), "--daemon", "--socket", socket.toString(), "0000:00:03.0")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(reply.path("text").asText());
        assertThat(cli(new ExplainCommand(), "--daemon", "--socket", socket.toString(), "0000:00:09.0")).isEqualTo(1);
        assertThat(cli(new ExplainCommand(), "--daemon", "--socket", temp.resolve("none.sock").toString(), "0000:00:03.0")).isEqualTo(69);
    }

    @Test
    void prometheus_scrapedOnLoopback_sameCountersAsStatus() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE reactor_events_total counter\n", "reactor_events_total{action=\"add\"} 5\n",
                "reactor_events_by_source_total{source=\"coldplug\"} 5\n", "reactor_devices 5\n",
                "reactor_queue_waiting_events 0\n", "reactor_event_duration_seconds_bucket{le=\"+Inf\"} 5\n",
                "reactor_event_duration_seconds_count 5\n", "reactor_events_lost_total 0\n", "reactor_resyncs_total 0\n",
                "# TYPE reactor_bind_duration_seconds histogram\n");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + prometheusPort + "/"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // Only loopback: this host's other addresses do not answer.
        for (java.net.InetAddress other : nonLoopbackAddresses()) {
            try (java.net.Socket s = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(other, prometheusPort), 2000))
                        .as(other.toString()).isInstanceOf(java.io.IOException.class);
            }
        }
    }

    private static List<java.net.InetAddress> nonLoopbackAddresses() throws Exception {
        List<java.net.InetAddress> out = new java.util.ArrayList<>();
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    out.add(a);
                }
            }
        }
        if (out.isEmpty()) {
            System.out.println("ControlSocketTest: this host has no non-loopback address; only the loopback scrape is checked");
        }
        return out;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void status_noDaemonAtThePath_exit69SayingSo() {
        Path none = temp.resolve("none.sock");

        assertThat(cli(new StatusCommand(), "--socket", none.toString())).isEqualTo(69);
        assertThat(err.toString()).contains("reactor status: no daemon answers at " + none);
    }
}
