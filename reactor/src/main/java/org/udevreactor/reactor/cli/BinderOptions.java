package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.modules.LinuxKernelModules;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.modules.ModprobeDirectories;
import org.udevreactor.reactor.modules.ModprobeSources;
import org.udevreactor.reactor.modules.ModuleLoader;
import org.udevreactor.reactor.pci.LinuxPciSysfs;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code reactor bind} and {@code reactor release} build a {@link Binder} from: the module
 * index (for the driver choice and its module), modprobe.d (options of the modules loaded), and
 * where sysfs and procfs are.
 */
final class BinderOptions {
    @Mixin
    IndexSource source;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "A modprobe.d directory, most important first; repeat for more (default: /etc/modprobe.d, "
                    + "/run/modprobe.d, /usr/lib/modprobe.d, /lib/modprobe.d).")
    List<Path> configDirs = new ArrayList<>();

    @Option(names = "--sys", paramLabel = "DIR", description = "Where sysfs is (default: /sys).")
    Path sys = SysfsRoot.DEFAULT;

    @Option(names = "--proc", paramLabel = "DIR", description = "Where procfs is (default: /proc): mounts and routes for the guards.")
    Path proc = ProcRoot.DEFAULT;

    SysfsRoot sysfs() {
        return new SysfsRoot(sys);
    }

    /** The index and planner a binder was built on, for commands that also plan without binding (explain). */
    record Loaded(ModuleIndex index, LoadPlanner planner, Binder binder) {
    }

    /** @throws org.udevreactor.meta.MalformedInputException for a malformed index or depmod file */
    Binder binder(String command, PrintWriter err) throws IOException {
        return load(command, err).binder();
    }

    /** @throws org.udevreactor.meta.MalformedInputException for a malformed index or depmod file */
    Loaded load(String command, PrintWriter err) throws IOException {
        ModuleIndex index = source.open(err);
        Path modulesDir = source.modulesDir != null ? source.modulesDir : Path.of("/lib/modules", index.kernelRelease());
        List<Path> dirs = configDirs.isEmpty() ? ModprobeDirectories.SYSTEM : configDirs;
        ModprobeConfig config = new ModprobeSources(dirs, modulesDir, proc.resolve("cmdline")).read();
        for (ModprobeConfig.Problem problem : config.problems()) {
            err.println("reactor " + command + ": warning: " + problem + " (line ignored)");
        }
        LoadPlanner planner = new LoadPlanner(index, config);
        ModuleLoader loader = new ModuleLoader(planner, new LinuxKernelModules(sys.resolve("module"), proc.resolve("modules")),
                modulesDir, LoaderClock.system(), ModuleLoader.Settings.DEFAULT);
        return new Loaded(index, planner, new Binder(new LinuxPciSysfs(sysfs()), new ProcRoot(proc), index, planner, loader,
                LoaderClock.system(), Binder.Settings.DEFAULT));
    }
}
