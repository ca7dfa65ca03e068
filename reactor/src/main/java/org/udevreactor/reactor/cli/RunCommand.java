package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.reactor.daemon.Daemon;
import org.udevreactor.reactor.daemon.StartFailure;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.daemon.settings.SettingsException;
import org.udevreactor.reactor.daemon.settings.SettingsFile;
import org.udevreactor.reactor.control.ControlServer;
import org.udevreactor.reactor.systemd.Hangup;
import org.udevreactor.reactor.systemd.SystemdNotifier;
import org.udevreactor.rules.PolicyError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reactor run}: the daemon. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the daemon: coldplugs the devices present, then handles every kernel device event: "
                        + "module autoload by MODALIAS and binding by policy, in udevd's order.",
                "With --dry-run nothing is loaded or written: each decision is logged as the plan it would carry out.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by a signal (or, with --once, coldplug done)",
                "2:bad command line",
                "66:no usable module index on a kernel with module support (not fatal with --dry-run)",
                "69:the netlink uevent socket cannot be opened",
                "70:an unexpected failure (the listener stopped, sysfs cannot be scanned)",
                "77:not permitted (run as root)",
                "78:the settings file is invalid (each error as FILE:LINE: KEY: message)",
        })
final class RunCommand implements Callable<Integer> {
    /** EX_CONFIG. */
    static final int BAD_SETTINGS = 78;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (default: /etc/reactor/reactor.toml, used when it exists).")
    Path config;

    @Option(names = {"-n", "--dry-run"}, description = "Load and write nothing; log each decision as the plan it would carry out.")
    boolean dryRun;

    @Option(names = "--trigger", description = "Coldplug by asking the kernel to send 'add' for every device again "
            + "(udevadm trigger --settle) instead of reading sysfs; not with --dry-run.")
    boolean trigger;

    @Option(names = "--once", description = "Exit once coldplug decisions are done instead of handling events on.")
    boolean once;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "The control socket for reactor status/reload/settle (default: /run/reactor/control.sock).")
    Path controlSocket = Path.of("/run/reactor/control.sock");

    @Option(names = "--control-group", paramLabel = "GID",
            description = "Besides root, members of this group (by primary gid of the connecting process) may use the control socket.")
    Integer controlGroup;

    Daemon.ListenerOpener opener = UeventListener::open;
    private volatile ControlServer control;
    private final long startNanos = System.nanoTime();
    /** NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID come from here; a seam for tests. */
    Map<String, String> environment = System.getenv();
    long pid = ProcessHandle.current().pid();
    /** Installs the SIGHUP handler; tests call {@link #reload} themselves instead. */
    boolean handleHangup = true;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Daemon daemon;
    private volatile SystemdNotifier notifier;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun && trigger) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trigger writes to sysfs; it cannot be combined with --dry-run");
        }
        DaemonSettings settings;
        try {
            settings = config != null ? SettingsFile.read(config, true) : SettingsFile.read(DaemonSettings.DEFAULT_FILE, false);
        } catch (SettingsException e) {
            err.println("reactor run: invalid settings:");
            e.errors().forEach(error -> err.println("  " + error));
            err.flush();
            return BAD_SETTINGS;
        }
        notifier = SystemdNotifier.fromEnvironment(environment, pid);
        daemon = new Daemon(settings, dryRun, trigger, opener);
        Thread onSignal = new Thread(this::stop, "reactor-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            notifier.status("starting: policy, module index, then coldplug");
            daemon.start();
        } catch (StartFailure e) {
            forget(onSignal);
            daemon.close();
            notifier.close();
            err.println("reactor run: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        if (once) {
            forget(onSignal);
            daemon.close();
            notifier.close();
            return ExitCodes.OK;
        }
        // Before READY=1: systemd may send SIGHUP as soon as it has it.
        if (handleHangup) {
            Hangup.onSignal(this::reload);
        }
        try {
            control = ControlServer.start(controlSocket,
                    controlGroup == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(controlGroup), this::command);
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger("reactor.control").error("no control socket at {}: {}; reactor status/reload/settle "
                    + "will not reach this daemon", controlSocket, e.toString());
        }
        notifier.ready(runningStatus(""));
        notifier.startWatchdog(daemon::probe);
        daemon.listenerFailure().thenRun(stopped::countDown);
        stopped.await();
        forget(onSignal);
        if (daemon.listenerFailure().isDone()) {
            stop();
            return ExitCodes.SOFTWARE;
        }
        return ExitCodes.OK;
    }

    /**
     * SIGHUP: the policy is read again; when it is broken the old one stays in force and the
     * errors are logged (FILE:LINE: KEY: message) and returned.
     */
    List<PolicyError> reload() {
        Daemon running = daemon;
        notifier.reloading();
        List<PolicyError> errors = running.reloadPolicy();
        notifier.ready(runningStatus(errors.isEmpty() ? "policy reloaded; "
                : "policy NOT reloaded (" + errors.size() + " errors, first " + errors.get(0) + "); "));
        return errors;
    }

    /**
     * SIGTERM/SIGINT (the shutdown hook): STOPPING=1, then the daemon stops once the events in
     * progress are handled (see {@link Daemon#close}).
     */
    void stop() {
        notifier.stopping();
        if (control != null) {
            control.close();
        }
        daemon.close();
        notifier.close();
        stopped.countDown();
    }

    /** The control socket's commands. */
    private com.fasterxml.jackson.databind.node.ObjectNode command(String command, com.fasterxml.jackson.databind.JsonNode request)
            throws ControlServer.RequestException {
        com.fasterxml.jackson.databind.node.ObjectNode reply = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        switch (command) {
            case "status" -> {
                reply.put("uptime_ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                reply.put("kernel", System.getProperty("os.version"));
                reply.put("dry_run", dryRun);
                reply.put("rules", daemon.policy().rules().size());
                reply.put("policy_files", daemon.policy().files().size());
                reply.put("devices", daemon.registry().size());
                reply.put("events_handled", daemon.counters().handled());
                reply.put("events_acted", daemon.counters().acted());
                reply.put("events_failed", daemon.counters().failed());
                reply.put("resyncs", daemon.counters().resyncs());
            }
            case "reload" -> {
                List<PolicyError> errors = reload();
                if (!errors.isEmpty()) {
                    throw new ControlServer.RequestException("policy not reloaded, the previous one stays: "
                            + String.join("; ", errors.stream().map(PolicyError::toString).toList()));
                }
                reply.put("rules", daemon.policy().rules().size());
            }
            case "settle" -> {
                double seconds = request.path("timeout").asDouble(120);
                try {
                    daemon.settle(java.time.Duration.ofMillis((long) (seconds * 1000)));
                } catch (StartFailure e) {
                    throw new ControlServer.RequestException("not settled within " + seconds + " s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ControlServer.RequestException("interrupted");
                }
                reply.put("events_handled", daemon.counters().handled());
            }
            default -> throw new ControlServer.RequestException("unknown command \"" + command + "\" (status, reload, settle)");
        }
        return reply;
    }

    private String runningStatus(String prefix) {
        return "running: " + prefix + daemon.policy().rules().size() + " rules, "
                + daemon.registry().size() + " devices, " + daemon.counters().handled() + " events handled";
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already and closes the daemon itself
        }
    }
}
