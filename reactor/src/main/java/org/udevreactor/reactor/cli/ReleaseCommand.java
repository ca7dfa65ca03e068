package org.udevreactor.reactor.cli;

import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.Decision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reactor release}: give a device back to its host driver. */
@Command(name = "release",
        mixinStandardHelpOptions = true,
        description = "Gives the PCI function at ADDRESS back to its host driver: clears driver_override, unbinds it, "
                + "loads the host driver's modules (by its MODALIAS) and re-probes, then verifies it left the driver it "
                + "was forced to. Already on its host driver: nothing is written.",
        exitCodeListHeading = "%nExit codes:%n",
        modelTransformer = BindingRun.ExitCodeList.class)
final class ReleaseCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BinderOptions options;

    @Option(names = "--sriov-numvfs", paramLabel = "N", description = "Then create N VFs on this physical function (autoprobe off).")
    Integer sriovNumvfs;

    @Parameters(paramLabel = "ADDRESS", description = "The PCI function: DDDD:BB:DD.F or BB:DD.F.")
    String address;

    @Override
    public Integer call() throws Exception {
        PciAddress parsed = address(spec, address);
        Decision.Release decision = new Decision.Release(BindCommand.COMMAND_LINE,
                sriovNumvfs == null ? OptionalInt.empty() : OptionalInt.of(sriovNumvfs), "reactor release on the command line");
        return BindingRun.run("release", options, parsed, decision, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The address argument, or a usage error naming it. */
    static PciAddress address(CommandLine.Model.CommandSpec spec, String text) {
        try {
            return PciAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
