package org.udevreactor.reactor.cli;

import org.udevreactor.reactor.logging.ReactorLogProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reactor} command line: one subcommand per job. */
@Command(name = "reactor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns Linux kernel device events into action: module autoload and VFIO binding by policy.",
        subcommands = {
                RunCommand.class,
                MonitorCommand.class,
                MetaCommand.class,
                ModprobeCommand.class,
                RulesCommand.class,
                BindCommand.class,
                ReleaseCommand.class,
                ExplainCommand.class,
                SetOverrideCommand.class,
                UnsetOverrideCommand.class,
                ListOverridesCommand.class,
                ListCommand.class,
                StatusCommand.class,
                ReloadCommand.class,
                SettleCommand.class,
                TriggerCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class ReactorCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The command line with the project's conventions: exit codes from {@link ExitCodes}. */
    public static CommandLine commandLine() {
        return new CommandLine(new ReactorCommand())
                .setExitCodeExceptionMapper(ExitCodes::forException);
    }

    /**
     * {@code reactor run ...} alone, as the root of its own command line named "reactor run":
     * picocli reflects over every subcommand it is given, and each command line it makes
     * registers its built-in converters again (measured with {@code reactor run --help}: the
     * whole tree cost the daemon ~80 ms of CPU before it starts; a root above {@code run} cost
     * another converter registration). Nothing above {@code run} can appear in such a command line.
     */
    static CommandLine runOnly() {
        CommandLine run = new CommandLine(new RunCommand()).setExitCodeExceptionMapper(ExitCodes::forException);
        run.getCommandSpec().name("reactor run");
        return run;
    }

    /**
     * jnr-ffi's switch between generating a class per native interface with ASM (and x86 stubs)
     * and calling through reflection. See {@link #main}.
     */
    static final String JNR_ASM = "jnr.ffi.asm.enabled";

    /** slf4j's choice of provider by class name, instead of the first one its ServiceLoader finds. */
    static final String SLF4J_PROVIDER = "slf4j.provider";

    public static void main(String[] args) {
        // libc (netlink) and jnr-unixsocket (control socket) are bound by reflection, not by
        // classes ASM generates at every start: those cost ~40 ms of CPU and ~2 MiB in a cold JVM,
        // and neither they nor ASM's pre-Java-6 classes can go into a startup archive. A call costs
        // microseconds more, on calls made once per batch of events or per control request.
        setUnlessGiven(JNR_ASM, "false");
        // Logback configured without its ContextInitializer's checks (see ReactorLogProvider);
        // slf4j otherwise reports a provider so chosen on stderr (an info line) at every start.
        if (setUnlessGiven(SLF4J_PROVIDER, ReactorLogProvider.class.getName())) {
            setUnlessGiven("slf4j.internal.verbosity", "WARN");
        }
        boolean daemon = args.length > 0 && args[0].equals("run");
        if (daemon) {
            DaemonWarmup.begin();
        }
        System.exit(daemon ? runOnly().execute(java.util.Arrays.copyOfRange(args, 1, args.length)) : commandLine().execute(args));
    }

    /** A system property for the libraries, unless the command line gave one (-D); whether it was set. */
    private static boolean setUnlessGiven(String name, String value) {
        if (System.getProperty(name) != null) {
            return false;
        }
        System.setProperty(name, value);
        return true;
    }
}
