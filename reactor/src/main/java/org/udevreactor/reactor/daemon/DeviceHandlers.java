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
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.pci.LinuxPciSysfs;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.Policy;

/**
 * How the daemon's {@link DeviceHandler} is put together from the settings: snapshots from the
 * settings' sysfs, the policy, module actions, and a binder on the settings' paths whose sysfs
 * writes are timed. {@link Daemon#start} and the benchmarks in bench/ (which time the handling
 * without the netlink socket and start-up) both wire it here, so what is timed is what runs.
 */
public final class DeviceHandlers {
    private DeviceHandlers() {
    }

    /** The handler and the parts of it the daemon also answers with (explain, metrics). */
    record Wiring(Binder binder, BinderActions binding, DeviceHandler handler) {
    }

    static Wiring wire(DaemonSettings settings, ModuleLoading loading, ModuleActions modules, boolean dryRun,
            Supplier<Policy> policy, DeviceRegistry registry) {
        SysfsRoot sysfs = new SysfsRoot(settings.sysfs());
        TimedPciSysfs pci = new TimedPciSysfs(new LinuxPciSysfs(sysfs));
        Binder binder = new Binder(pci, new ProcRoot(settings.procfs()), loading.index(),
                loading.planner(), loading.loader(), LoaderClock.system(), Binder.Settings.DEFAULT);
        BinderActions binding = new BinderActions(binder, sysfs, dryRun, Optional.of(pci));
        DeviceHandler handler = new DeviceHandler(new DeviceSnapshots(sysfs), policy, modules, binding, registry);
        return new Wiring(binder, binding, handler);
    }

    /** A dry run's handler with this index (module plans, bind plans; nothing loaded or written), as {@code reactor run --dry-run} has it. */
    public static DeviceHandler dryRun(DaemonSettings settings, ModuleIndex index, Supplier<Policy> policy, DeviceRegistry registry) {
        ModuleLoading loading = ModuleLoading.of(index, settings, false);
        return wire(settings, loading, ModuleActions.planOnly(loading.planner()), true, policy, registry).handler();
    }
}
