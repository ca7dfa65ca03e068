package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.udevreactor.meta.MalformedInputException;
import org.udevreactor.reactor.binding.BindOutcome;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;
import picocli.CommandLine;

/** Runs one bind or release decision from the command line: the outcome, the writes made, an exit code per outcome. */
final class BindingRun {
    static final int FAILED = 1;
    static final int REFUSED = 3;
    static final int GONE = 4;
    static final int ROLLBACK_INCOMPLETE = 5;

    /** Puts {@link #EXIT_CODES} in a command's --help. */
    static final class ExitCodeList implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
            for (String line : EXIT_CODES) {
                codes.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
            }
            spec.usageMessage().exitCodeList(codes);
            return spec;
        }
    }

    /** The exit codes of both commands. */
    static final String[] EXIT_CODES = {
            "0:done: bound and verified, already bound as asked, or released",
            "1:a step failed; every device touched was put back as it was",
            "2:bad command line (e.g. a malformed PCI address)",
            "3:refused by a safety guard or the IOMMU group; nothing written",
            "4:no such device, or it went away while being bound (ENODEV)",
            "5:a step failed and the rollback did not complete (the message says what is left)",
            "65:the index or a depmod file is malformed",
            "66:the index or module directory cannot be read",
            "77:not permitted (EACCES, EPERM: not root)",
    };

    private BindingRun() {
    }

    static int run(String command, BinderOptions options, PciAddress address, Decision decision, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        return withBinder(command, options, err, binder -> report(command, binder.apply(address, decision), options.sysfs(), out, err));
    }

    /** What a command does with the binder once it has one. */
    interface BinderWork {
        int run(Binder binder) throws IOException, InterruptedException;
    }

    /** Builds the binder (a malformed index is exit 65, an unreadable one 66, said on stderr) and runs {@code work} with it. */
    static int withBinder(String command, BinderOptions options, PrintWriter err, BinderWork work) throws IOException, InterruptedException {
        Binder binder;
        try {
            binder = options.binder(command, err);
        } catch (MalformedInputException e) {
            err.println("reactor " + command + ": " + e.getMessage());
            return MetaCommand.DATA_ERROR;
        } catch (IOException e) {
            err.println("reactor " + command + ": " + e.getMessage());
            return MetaCommand.NO_INPUT;
        }
        return work.run(binder);
    }

    /** The writes made, then the outcome (stdout when it succeeded, else stderr); returns its exit code. */
    static int report(String command, BindOutcome outcome, SysfsRoot sysfs, PrintWriter out, PrintWriter err) {
        for (SysfsWrite write : writes(outcome)) {
            out.println("wrote " + write.describe(sysfs));
        }
        String line = String.format(Locale.ROOT, "%s (%.1f ms)", outcome.summary(), outcome.took().toNanos() / 1e6);
        int exit = exitCode(outcome);
        if (exit == ExitCodes.OK) {
            out.println(line);
        } else {
            err.println("reactor " + command + ": " + line);
        }
        out.flush();
        err.flush();
        return exit;
    }

    private static java.util.List<SysfsWrite> writes(BindOutcome outcome) {
        if (outcome instanceof BindOutcome.Bound bound) {
            return bound.writes();
        }
        if (outcome instanceof BindOutcome.Released released) {
            return released.writes();
        }
        return java.util.List.of();
    }

    static int exitCode(BindOutcome outcome) {
        if (outcome instanceof BindOutcome.Refused) {
            return REFUSED;
        }
        if (outcome instanceof BindOutcome.Vanished) {
            return GONE;
        }
        if (outcome instanceof BindOutcome.Failed failed) {
            if (!failed.rolledBack()) {
                return ROLLBACK_INCOMPLETE;
            }
            boolean denied = failed.cause().startsWith("EACCES") || failed.cause().startsWith("EPERM")
                    || failed.cause().contains(": EPERM") || failed.cause().contains(": EACCES");
            return denied ? ExitCodes.NO_PERMISSION : FAILED;
        }
        return ExitCodes.OK;
    }
}
