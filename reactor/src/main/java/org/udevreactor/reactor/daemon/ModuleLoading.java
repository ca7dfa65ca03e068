package org.udevreactor.reactor.daemon;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.modules.LinuxKernelModules;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.modules.ModprobeSources;
import org.udevreactor.reactor.modules.ModuleLoader;

/** The module loader with modprobe.d and the kernel command line, as the settings place them. */
final class ModuleLoading {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");

    private ModuleLoading() {
    }

    static ModuleActions actions(ModuleIndex index, DaemonSettings settings, boolean dryRun) {
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
        if (dryRun) {
            return ModuleActions.planOnly(planner);
        }
        ModuleLoader loader = new ModuleLoader(planner,
                new LinuxKernelModules(settings.sysfs().resolve("module"), settings.procfs().resolve("modules")),
                settings.modulesDir(), LoaderClock.system(),
                new ModuleLoader.Settings(settings.comingTimeout(), ModuleLoader.Settings.DEFAULT.pollInterval()));
        return ModuleActions.live(planner, loader);
    }
}
