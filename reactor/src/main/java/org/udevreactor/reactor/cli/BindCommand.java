package org.udevreactor.reactor.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DriverChoice;
import org.udevreactor.rules.GroupPolicy;
import org.udevreactor.rules.RuleRef;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reactor bind}: one device to VFIO or a named driver now, as a policy rule would, with the same guards. */
@Command(name = "bind",
        mixinStandardHelpOptions = true,
        description = "Binds the PCI function at ADDRESS to the best VFIO driver (--vfio: a variant driver the index "
                + "ranks first, else vfio-pci) or to the named driver, loading its module: driver_override, unbind, "
                + "drivers_probe, then verifies the driver link (and vfio-dev). Any failure puts it back. Already bound "
                + "as asked: nothing is written. Not persistent: the next boot forgets it.",
        exitCodeListHeading = "%nExit codes:%n",
        modelTransformer = BindingRun.ExitCodeList.class)
final class BindCommand implements Callable<Integer> {
    /** Where command-line decisions say they come from. */
    static final RuleRef COMMAND_LINE = new RuleRef("command-line", Path.of("(command line)"), 0);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BinderOptions options;

    static final class Target {
        @Option(names = "--vfio", required = true, description = "The best VFIO driver for the device.")
        boolean vfio;

        @Option(names = "--driver", paramLabel = "NAME", required = true, description = "This PCI driver, e.g. pci-stub.")
        String driver;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--force", description = "Override the safety guards (boot VGA, mounted filesystem, default route).")
    boolean force;

    @Option(names = "--group", paramLabel = "whole|viable|ignore",
            description = "The IOMMU group: bind every endpoint (whole), require the others to be safe (viable, the "
                    + "default), or do not look (ignore).")
    String group = GroupPolicy.VIABLE.tomlName();

    @Option(names = "--sriov-numvfs", paramLabel = "N", description = "Then create N VFs on this physical function (autoprobe off).")
    Integer sriovNumvfs;

    @Parameters(paramLabel = "ADDRESS", description = "The PCI function: DDDD:BB:DD.F or BB:DD.F.")
    String address;

    @Override
    public Integer call() throws Exception {
        PciAddress parsed = ReleaseCommand.address(spec, address);
        GroupPolicy policy = null;
        for (GroupPolicy candidate : GroupPolicy.values()) {
            if (candidate.tomlName().equals(group)) {
                policy = candidate;
            }
        }
        if (policy == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--group must be whole, viable or ignore, not \"" + group + "\"");
        }
        DriverChoice choice = target.vfio ? new DriverChoice.BestVfio() : new DriverChoice.Named(target.driver);
        Decision.Bind decision = new Decision.Bind(COMMAND_LINE, choice, policy, force,
                sriovNumvfs == null ? OptionalInt.empty() : OptionalInt.of(sriovNumvfs), "reactor bind on the command line");
        return BindingRun.run("bind", options, parsed, decision, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
