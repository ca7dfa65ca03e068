package org.udevreactor.reactor.daemon;

import java.util.Optional;
import java.util.function.Supplier;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.daemon.handling.BinderActions;
import org.udevreactor.reactor.daemon.handling.DeviceHandler;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.daemon.handling.TimedPciSysfs;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.pci.LinuxPciSysfs;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.Policy;

/**
 * A {@link DeviceHandler} wired as {@link Daemon#start} wires it in a dry run (snapshots from the
 * settings' sysfs, the policy, module plans, the binder's plans on the settings' paths), for the
 * benchmarks in bench/, which time the daemon's handling without its netlink socket and start-up.
 * Keep it in step with {@code Daemon.start}.
 */
public final class DeviceHandlers {
    private DeviceHandlers() {
    }

    /** A dry run's handler with this index (module plans, bind plans; nothing loaded or written), as {@code reactor run --dry-run} has it. */
    public static DeviceHandler dryRun(DaemonSettings settings, ModuleIndex index, Supplier<Policy> policy, DeviceRegistry registry) {
        ModuleLoading loading = ModuleLoading.of(index, settings, false);
        SysfsRoot sysfs = new SysfsRoot(settings.sysfs());
        TimedPciSysfs pci = new TimedPciSysfs(new LinuxPciSysfs(sysfs));
        Binder binder = new Binder(pci, new ProcRoot(settings.procfs()), loading.index(),
                loading.planner(), loading.loader(), LoaderClock.system(), Binder.Settings.DEFAULT);
        return new DeviceHandler(new DeviceSnapshots(sysfs), policy, ModuleActions.planOnly(loading.planner()),
                new BinderActions(binder, sysfs, true, Optional.of(pci)), registry);
    }
}
