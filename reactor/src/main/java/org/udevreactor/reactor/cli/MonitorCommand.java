package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.netlink.UeventSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reactor monitor}: live device events, the equivalent of {@code udevadm monitor --kernel --property}. */
@Command(name = "monitor",
        mixinStandardHelpOptions = true,
        description = {
                "Prints device events as the kernel sends them, like udevadm monitor --kernel.",
                "Lost events (receive buffer overflow, SEQNUM gaps) are reported in the output and on stderr.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by a signal, --count reached, or the output was closed",
                "1:--timeout passed before --count events arrived",
                "2:bad command line",
                "69:the netlink uevent socket cannot be opened on this kernel or platform",
                "70:receiving failed unexpectedly",
                "77:not permitted (run as root)",
        })
final class MonitorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--subsystem-match"}, paramLabel = "SUBSYSTEM[/DEVTYPE]",
            description = "Show only events of this subsystem (and device type); repeat for several.")
    List<String> subsystemMatches = new ArrayList<>();

    @Option(names = {"-a", "--action"}, paramLabel = "ACTION", converter = ActionConverter.class,
            description = "Show only this action (add, remove, change, move, online, offline, bind, unbind);"
                    + " repeat for several.")
    List<UeventAction> actions = new ArrayList<>();

    @Option(names = {"-p", "--property"}, description = "Show every property of each event (always on with --json).")
    boolean properties;

    @Option(names = "--json", description = "One JSON object per line, for scripts.")
    boolean json;

    @Option(names = {"-u", "--udev"}, description = "Listen to udevd's re-broadcast (netlink group 2) instead of the kernel.")
    boolean udev;

    @Option(names = {"-k", "--kernel"}, description = "Listen to the kernel (netlink group 1); the default.")
    boolean kernel;

    @Option(names = "--count", paramLabel = "N", description = "Exit after N shown events.")
    int count;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Exit after this many seconds.")
    double timeoutSeconds;

    @Option(names = "--receive-buffer", paramLabel = "BYTES",
            description = "Socket receive buffer to ask for (default: ${DEFAULT-VALUE}).")
    int receiveBufferBytes = ListenerConfig.DEFAULT_RECEIVE_BUFFER_BYTES;

    @Option(names = "--sysfs", paramLabel = "DIR", description = "Where sysfs is mounted (default: ${DEFAULT-VALUE}).")
    Path sysfs = Path.of("/sys");

    /** Opens the listener; a seam so tests can make opening fail as a kernel would. */
    interface ListenerOpener {
        UeventListener open(ListenerConfig config, UeventSink sink) throws NativeCallException;
    }

    ListenerOpener opener = UeventListener::open;

    @Override
    public Integer call() throws Exception {
        if (udev && kernel) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--udev and --kernel exclude each other");
        }
        if (count < 0 || timeoutSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count and --timeout cannot be negative");
        }
        MonitorFilter filter;
        try {
            filter = new MonitorFilter(subsystemMatches, Set.copyOf(actions));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFormat format = json ? new JsonLinesFormat(out) : new UdevadmFormat(out, properties);
        MonitorSession session = new MonitorSession(format, filter, count, out::checkError);
        NetlinkGroup group = udev ? NetlinkGroup.UDEV : NetlinkGroup.KERNEL;
        ListenerConfig config = ListenerConfig.defaults(group).withReceiveBufferBytes(receiveBufferBytes)
                .withSysfs(sysfs);

        UeventListener listener;
        try {
            listener = opener.open(config, session);
        } catch (NativeCallException e) {
            err.println("reactor monitor: cannot open the netlink uevent socket (group " + group.number() + "): "
                    + e.getMessage() + hint(e));
            err.flush();
            return ExitCodes.forException(e);
        } catch (IllegalStateException e) {
            err.println("reactor monitor: " + e.getMessage());
            err.flush();
            return ExitCodes.UNAVAILABLE;
        }
        err.println("reactor monitor: listening to " + (udev ? "udev" : "kernel") + " uevents (netlink group "
                + group.number() + ", receive buffer " + listener.receiveBufferBytes() + " bytes)");
        err.flush();

        Thread onSignal = new Thread(() -> stop(listener, session), "monitor-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            listener.start();
            boolean finished = timeoutSeconds > 0
                    ? session.awaitDone((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS)
                    : session.awaitDone(Long.MAX_VALUE, TimeUnit.DAYS);
            stop(listener, session);
            if (session.failure() != null) {
                err.println("reactor monitor: receiving failed: " + session.failure().getMessage());
                return ExitCodes.SOFTWARE;
            }
            if (!finished && count > 0) {
                err.println("reactor monitor: " + session.shown() + " of " + count + " events within "
                        + timeoutSeconds + " s");
                return ExitCodes.INCOMPLETE;
            }
            return ExitCodes.OK;
        } finally {
            err.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    private static void stop(UeventListener listener, MonitorSession session) {
        listener.close();
        try {
            session.flush();
        } catch (IOException ignored) {
            // stdout went away; nothing left to tell
        }
    }

    private static String hint(NativeCallException e) {
        if (e.isPermissionDenied()) {
            return " (run as root)";
        }
        if (e.errno() == 93 || e.errno() == 97) { // EPROTONOSUPPORT, EAFNOSUPPORT
            return " (this kernel has no netlink uevent support)";
        }
        return "";
    }

    /** Accepts action names case-insensitively and lists the valid ones when given another. */
    static final class ActionConverter implements CommandLine.ITypeConverter<UeventAction> {
        @Override
        public UeventAction convert(String value) {
            return UeventAction.fromWire(value.toLowerCase(java.util.Locale.ROOT)).orElseThrow(() ->
                    new CommandLine.TypeConversionException("unknown action \"" + value
                            + "\"; expected one of add, remove, change, move, online, offline, bind, unbind"));
        }
    }
}
