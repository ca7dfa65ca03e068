package org.udevreactor.reactor.daemon;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.ModuleIndexBuilder;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.modules.LinuxKernelModules;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.modules.ModprobeSources;
import org.udevreactor.reactor.modules.ModuleLoader;

/**
 * The module index, planner and loader with modprobe.d and the kernel command line, as the
 * settings place them; shared by the autoload and the binder (which loads its driver's module).
 */
record ModuleLoading(ModuleIndex index, LoadPlanner planner, ModuleLoader loader) {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");

    /**
     * With no index at all (a kernel without module support): nothing resolves, so the binder
     * binds only drivers that are already registered (built in).
     */
    static ModuleLoading withoutIndex(DaemonSettings settings) {
        return of(ModuleIndex.of(ModuleIndexBuilder.empty(System.getProperty("os.version"))), settings, false);
    }

    /** @param loads whether modules will be loaded (not a dry run): the native calls are then bound at once */
    static ModuleLoading of(ModuleIndex index, DaemonSettings settings, boolean loads) {
        ModprobeConfig config;
        try {
            config = new ModprobeSources(settings.modprobeDirs(), settings.modulesDir(), settings.cmdline()).read();
        } catch (IOException e) {
            // Not fatal: loads still work, without options and blacklist.
            log.warn("modprobe configuration not read ({}); loading without options or blacklist", e.toString());
            config = ModprobeConfig.EMPTY;
        }
        for (ModprobeConfig.Problem problem : config.problems()) {
            log.warn("{} (line ignored)", problem);
        }
        LoadPlanner planner = new LoadPlanner(index, config);
        // Making the loader touches nothing; only its calls do, and a dry run makes none.
        ModuleLoader loader = new ModuleLoader(planner,
                new LinuxKernelModules(settings.sysfs().resolve("module"), settings.procfs().resolve("modules"), loads),
                settings.modulesDir(), LoaderClock.system(),
                new ModuleLoader.Settings(settings.comingTimeout(), ModuleLoader.Settings.DEFAULT.pollInterval()));
        return new ModuleLoading(index, planner, loader);
    }
}
