package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.reactor.daemon.Daemon;
import org.udevreactor.reactor.daemon.StartFailure;
import org.udevreactor.reactor.daemon.settings.ControlSettings;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.metrics.PrometheusServer;
import org.udevreactor.reactor.metrics.PrometheusText;
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
                "0:with --once, coldplug done",
                "130, 143:stopped by SIGINT or SIGTERM once queued and in-flight events were handled (the JVM's status for those signals; the unit counts 143 as success)",
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
            description = "The control socket for reactor status, list, explain, reload, settle, trigger "
                    + "(default: reactor.toml's control.socket, else /run/reactor/control.sock).")
    Path controlSocket;

    @Option(names = "--control-group", paramLabel = "GID",
            description = "Besides root, members of this group (by primary gid of the connecting process) may use the control socket.")
    Integer controlGroup;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Serve Prometheus text at http://127.0.0.1:PORT/metrics (and [::1]), localhost only "
                    + "(default: reactor.toml's metrics.prometheus_port, else none).")
    Integer prometheusPort;

    Daemon.ListenerOpener opener = UeventListener::open;
    private volatile ControlServer control;
    private ControlCommands commands;
    private volatile PrometheusServer prometheus;
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
        DaemonWarmup.awaitLogging();
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun && trigger) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trigger writes to sysfs; it cannot be combined with --dry-run");
        }
        if (prometheusPort != null && (prometheusPort < 1 || prometheusPort > 65535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prometheus-port must be between 1 and 65535, not " + prometheusPort);
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
        commands = new ControlCommands(daemon, dryRun, startNanos, this::reload);
        // Bound on a thread of its own while the daemon starts (the main thread mostly waits for
        // coldplug's workers), served only once ready: what is left before READY=1 is a rename.
        Future<ControlServer> bound = once ? null : bindControl(settings.control());
        Thread onSignal = new Thread(this::stop, "reactor-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            notifier.status("starting: policy, module index, then coldplug");
            daemon.start();
        } catch (StartFailure e) {
            forget(onSignal);
            unpublished(bound).ifPresent(ControlServer::close);
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
        serveControl(bound, settings.control());
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

    /** Binds the control socket on a thread of its own; see {@link ControlServer#bind}. */
    private Future<ControlServer> bindControl(ControlSettings configured) {
        Path socket = controlSocket(configured);
        java.util.OptionalInt group = controlGroup != null ? java.util.OptionalInt.of(controlGroup) : configured.group();
        FutureTask<ControlServer> binding = new FutureTask<>(() -> ControlServer.bind(socket, group, commands));
        Thread binder = new Thread(binding, "reactor-control-bind");
        binder.setDaemon(true);
        binder.start();
        return binding;
    }

    /** The bound socket, when binding worked; for closing it when the start fails. */
    private static Optional<ControlServer> unpublished(Future<ControlServer> bound) {
        try {
            return bound == null ? Optional.empty() : Optional.of(bound.get());
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Path controlSocket(ControlSettings configured) {
        return controlSocket != null ? controlSocket : configured.socket();
    }

    /** The control socket and, when configured, the Prometheus port; neither failing stops the daemon. */
    private void serveControl(Future<ControlServer> bound, ControlSettings configured) throws InterruptedException {
        try {
            // Known to stop() before it appears: a stop between the two then still removes it.
            control = bound.get();
            control.publish();
        } catch (ExecutionException | java.io.IOException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            org.slf4j.LoggerFactory.getLogger("reactor.control").error("no control socket at {}: {}; reactor status, list, "
                    + "reload, settle and trigger will not reach this daemon", controlSocket(configured), why.toString());
        }
        java.util.OptionalInt port = prometheusPort != null ? java.util.OptionalInt.of(prometheusPort) : configured.prometheusPort();
        if (port.isPresent()) {
            PrometheusServer.start(daemon.vertx(), port.getAsInt(), () -> daemon.queueDepthLater().map(depth ->
                    PrometheusText.render(daemon.metrics(), depth, daemon.registry().size(), commands.uptimeSeconds())))
                    .onSuccess(server -> prometheus = server)
                    .onFailure(e -> org.slf4j.LoggerFactory.getLogger("reactor.metrics").error(
                            "no Prometheus metrics on 127.0.0.1:{}: {}", port.getAsInt(), e.toString()));
        }
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
        if (prometheus != null) {
            prometheus.close();
        }
        daemon.close();
        notifier.close();
        stopped.countDown();
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
