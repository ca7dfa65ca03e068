package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.udevreactor.reactor.control.ControlServer;
import org.udevreactor.reactor.control.ControlServer.RequestException;
import org.udevreactor.reactor.daemon.Daemon;
import org.udevreactor.reactor.daemon.EventPipeline;
import org.udevreactor.reactor.daemon.QueueDepth;
import org.udevreactor.reactor.daemon.StartFailure;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.metrics.MetricsJson;
import org.udevreactor.reactor.pci.PciIds;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.PolicyError;
import org.udevreactor.rules.RuleRef;

/**
 * The control socket's commands on a running daemon: status, reload, settle, list, explain and
 * trigger. Each runs on the connection's thread; waits (settle, trigger) are bounded by the
 * request's {@code timeout}.
 */
final class ControlCommands implements ControlServer.Commands {
    static final String COMMANDS = "status, list, explain, reload, settle, trigger";
    // Node factory, not an ObjectMapper: making one at start cost ~50 ms (see ControlServer.Json).
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration QUICK = Duration.ofSeconds(10);

    private final Daemon daemon;
    private final boolean dryRun;
    private final long startNanos;
    private final Supplier<List<PolicyError>> reload;
    private volatile PciIds ids;

    /** @param reload reads the policy again as SIGHUP does (telling systemd); returns the errors when it stays */
    ControlCommands(Daemon daemon, boolean dryRun, long startNanos, Supplier<List<PolicyError>> reload) {
        this.daemon = daemon;
        this.dryRun = dryRun;
        this.startNanos = startNanos;
        this.reload = reload;
    }

    @Override
    public ObjectNode handle(String command, JsonNode request) throws RequestException {
        try {
            return switch (command) {
                case "status" -> status();
                case "list" -> list(request);
                case "explain" -> explain(request);
                case "reload" -> reload();
                case "settle" -> settle(request);
                case "trigger" -> trigger(request);
                default -> throw new RequestException("unknown command \"" + command + "\" (" + COMMANDS + ")");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException(command + " interrupted: the daemon is stopping");
        }
    }

    double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private ObjectNode status() throws InterruptedException, RequestException {
        ObjectNode reply = JSON.objectNode();
        reply.put("uptime_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        reply.put("kernel", System.getProperty("os.version"));
        reply.put("dry_run", dryRun);
        reply.put("rules", daemon.policy().rules().size());
        reply.put("policy_files", daemon.policy().files().size());
        ArrayNode files = reply.putArray("policy");
        daemon.policy().files().forEach(f -> files.add(f.toString()));
        ObjectNode index = reply.putObject("index");
        index.put("kernel", daemon.index().kernelRelease());
        index.put("origin", daemon.indexOrigin());
        reply.put("devices", daemon.registry().size());
        QueueDepth depth = queueDepth();
        ObjectNode queue = reply.putObject("queue");
        queue.put("waiting", depth.waiting());
        queue.put("running", depth.running());
        reply.put("events_handled", daemon.counters().handled());
        reply.put("events_acted", daemon.counters().acted());
        reply.put("events_failed", daemon.counters().failed());
        MetricsJson.addTo(reply, daemon.metrics());
        return reply;
    }

    QueueDepth queueDepth() throws InterruptedException, RequestException {
        try {
            return daemon.queueDepth(QUICK);
        } catch (StartFailure e) {
            throw new RequestException("the event loop does not answer: " + e.getMessage());
        }
    }

    /** Every registered device (or those of {@code "subsystem"}), in devpath order. */
    private ObjectNode list(JsonNode request) {
        String subsystem = request.path("subsystem").asText("");
        ObjectNode reply = JSON.objectNode();
        ArrayNode devices = reply.putArray("devices");
        for (DeviceRecord r : daemon.registry().snapshot().values()) {
            if (subsystem.isEmpty() || r.subsystem().equals(subsystem)) {
                devices.add(record(r));
            }
        }
        reply.put("count", devices.size());
        return reply;
    }

    static ObjectNode record(DeviceRecord r) {
        ObjectNode o = JSON.objectNode();
        o.put("devpath", r.devpath());
        o.put("subsystem", r.subsystem());
        o.put("devtype", r.devtype().orElse(null));
        o.put("parent", r.parent().orElse(null));
        o.put("driver", r.driver().orElse(null));
        o.put("rule", r.rule().map(RuleRef::name).orElse(null));
        o.put("rule_file", r.rule().map(x -> x.file() + ":" + x.line()).orElse(null));
        o.put("last_action", r.lastAction().toString());
        o.put("result", r.result());
        o.put("ok", r.ok());
        return o;
    }

    /**
     * {@code reactor explain DEVICE}'s output, decided by this daemon's policy, index and binder:
     * "explanation" is what {@code --json} prints, "text" what it prints without.
     */
    private ObjectNode explain(JsonNode request) throws RequestException {
        String target = request.path("device").asText("");
        if (target.isEmpty()) {
            throw new RequestException("explain needs \"device\": a PCI address, a devpath or a modalias");
        }
        SysfsRoot sysfs = new SysfsRoot(daemon.settings().sysfs());
        ExplainCommand.Target what;
        try {
            what = ExplainCommand.Target.parse(target, sysfs.root());
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
        Explanation explanation;
        try {
            explanation = ExplainCommand.explain(target, what, daemon.policy(), pciIds(), Optional.of(
                    new BinderOptions.Loaded(daemon.index(), daemon.planner(), daemon.binder())), sysfs, new ArrayList<>());
        } catch (ExplainCommand.NoSuchDevice e) {
            throw new RequestException(e.getMessage());
        } catch (IOException e) {
            throw new RequestException("cannot read " + target + ": " + e.getMessage());
        }
        ObjectNode reply = JSON.objectNode();
        reply.set("explanation", ExplainJson.tree(explanation, sysfs));
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            ExplainText.write(explanation, sysfs, out);
        }
        reply.put("text", text.toString());
        return reply;
    }

    private PciIds pciIds() {
        if (ids == null) {
            ids = PciIds.system();
        }
        return ids;
    }

    private ObjectNode reload() throws RequestException {
        List<PolicyError> errors = reload.get();
        if (!errors.isEmpty()) {
            throw new RequestException("policy not reloaded, the previous one stays: "
                    + String.join("; ", errors.stream().map(PolicyError::toString).toList()));
        }
        ObjectNode reply = JSON.objectNode();
        reply.put("rules", daemon.policy().rules().size());
        return reply;
    }

    private ObjectNode settle(JsonNode request) throws InterruptedException, RequestException {
        Duration timeout = timeout(request);
        try {
            daemon.settle(timeout);
        } catch (StartFailure e) {
            throw new RequestException("not settled within " + request.path("timeout").asDouble(120) + " s");
        }
        ObjectNode reply = JSON.objectNode();
        reply.put("events_handled", daemon.counters().handled());
        return reply;
    }

    private ObjectNode trigger(JsonNode request) throws InterruptedException, RequestException {
        Duration timeout = timeout(request);
        long failedBefore = daemon.counters().failed();
        long actedBefore = daemon.counters().acted();
        long start = System.nanoTime();
        EventPipeline.Triggered done;
        try {
            done = daemon.trigger(timeout);
        } catch (StartFailure e) {
            throw new RequestException("trigger: " + e.getMessage() + " (the events stay queued and will be handled)");
        }
        ObjectNode reply = JSON.objectNode();
        reply.put("added", done.added());
        reply.put("removed", done.removed());
        // Other events handled meanwhile count too: these are the daemon's totals' growth.
        reply.put("acted", daemon.counters().acted() - actedBefore);
        reply.put("failed", daemon.counters().failed() - failedBefore);
        reply.put("took_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return reply;
    }

    private static Duration timeout(JsonNode request) throws RequestException {
        double seconds = request.path("timeout").asDouble(120);
        if (!(seconds > 0 && seconds <= 86400)) {
            throw new RequestException("timeout must be between 0 and 86400 seconds, not " + request.path("timeout"));
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
