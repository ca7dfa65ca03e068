package org.udevreactor.reactor.cli;

import java.util.concurrent.Callable;
import org.udevreactor.reactor.overrides.OverrideActions;
import org.udevreactor.reactor.overrides.OverrideStore;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code reactor unset-override}: removes a persistent override and gives the device back to its host driver. */
@Command(name = "unset-override",
        mixinStandardHelpOptions = true,
        description = "Removes the override file of the PCI function at ADDRESS and releases the device (driver_override "
                + "cleared, unbound, re-probed: the host driver takes it back). A device that is not there only loses its "
                + "file. If releasing fails, the file is put back.",
        exitCodeListHeading = "%nExit codes:%n",
        modelTransformer = BindingRun.ExitCodeList.class)
final class UnsetOverrideCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BinderOptions tools;

    @Mixin
    PolicyOptions policyOptions;

    @Parameters(paramLabel = "ADDRESS", description = "The PCI function: DDDD:BB:DD.F or BB:DD.F.")
    String address;

    @Override
    public Integer call() throws Exception {
        PciAddress parsed = ReleaseCommand.address(spec, address);
        return BindingRun.withBinder("unset-override", tools, spec.commandLine().getErr(), binder -> {
            OverrideActions actions = new OverrideActions(new OverrideStore(policyOptions.directories()),
                    new DeviceSnapshots(tools.sysfs())::read, binder);
            return OverrideReport.print("unset-override", "removed", actions.unset(parsed), tools.sysfs(),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        });
    }
}
