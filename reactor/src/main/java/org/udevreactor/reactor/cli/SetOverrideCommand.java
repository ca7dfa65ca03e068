package org.udevreactor.reactor.cli;

import java.util.concurrent.Callable;
import org.udevreactor.reactor.overrides.OverrideActions;
import org.udevreactor.reactor.overrides.OverrideStore;
import org.udevreactor.reactor.overrides.OverrideTarget;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reactor set-override}: a persistent driver override (like driverctl's), kept as a policy drop-in and applied now. */
@Command(name = "set-override",
        mixinStandardHelpOptions = true,
        description = {
                "Binds the PCI function at ADDRESS to DRIVER (or to the best VFIO driver: vfio) now and at every later "
                        + "coldplug and hotplug: writes the rule file 00-override-ADDRESS.toml into the last policy "
                        + "directory (/etc/reactor/rules.d), whose name sorts before the usual NN-name.toml files, so "
                        + "the override decides first.",
                "The whole policy is loaded with the new file before it is written (atomically: a staged copy "
                        + "renamed into place), and it must decide the device. If binding then fails, the earlier file "
                        + "(or none) is put back.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        modelTransformer = BindingRun.ExitCodeList.class)
final class SetOverrideCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BinderOptions tools;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--force", description = "Write force = true: the safety guards (boot VGA, mounted filesystem, default route) do not stop it.")
    boolean force;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The PCI function: DDDD:BB:DD.F or BB:DD.F.")
    String address;

    @Parameters(index = "1", paramLabel = "DRIVER|vfio", description = "A PCI driver's name (e.g. pci-stub), or vfio for the best VFIO driver.")
    String driver;

    @Override
    public Integer call() throws Exception {
        PciAddress parsed = ReleaseCommand.address(spec, address);
        return BindingRun.withBinder("set-override", tools, spec.commandLine().getErr(), binder -> {
            OverrideActions actions = new OverrideActions(new OverrideStore(policyOptions.directories()),
                    new DeviceSnapshots(tools.sysfs())::read, binder);
            return OverrideReport.print("set-override", "wrote", actions.set(parsed, new OverrideTarget(driver), force), tools.sysfs(),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        });
    }
}
