package org.udevreactor.reactor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reactor meta}: the module index (meta.pb) built from a kernel's depmod output. */
@Command(name = "meta",
        mixinStandardHelpOptions = true,
        description = "Builds and queries the module index: which modules a modalias needs (as modprobe -R "
                + "answers it), VFIO variant drivers ranked for a device, and module details.",
        subcommands = {
                MetaBuildCommand.class,
                MetaLookupCommand.class,
                MetaShowCommand.class,
        })
final class MetaCommand implements Runnable {
    /** EX_DATAERR: a depmod file or meta.pb is malformed. */
    static final int DATA_ERROR = 65;
    /** EX_NOINPUT: the module directory or index file cannot be read. */
    static final int NO_INPUT = 66;
    /** EX_CANTCREAT: the index cannot be written. */
    static final int CANNOT_CREATE = 73;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: build, lookup or show");
    }
}
