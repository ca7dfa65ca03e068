package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.udevreactor.meta.MalformedInputException;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.modules.LinuxKernelModules;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoadReport;
import org.udevreactor.reactor.modules.LoadResult;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.modules.ModprobeDirectories;
import org.udevreactor.reactor.modules.ModprobeSources;
import org.udevreactor.reactor.modules.ModuleErrno;
import org.udevreactor.reactor.modules.ModuleLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reactor modprobe}: loads modules with their dependencies, or prints the plan (-n). */
@Command(name = "modprobe",
        mixinStandardHelpOptions = true,
        description = "Loads each MODULE (by name, blacklist not applied) or MODALIAS (every module it resolves to, "
                + "blacklisted ones skipped) with its dependencies and soft dependencies, options from modprobe.d and "
                + "the kernel command line. install/remove commands are never run.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every request satisfied (or planned, with -n)",
                "1:a module was not found, or failed to load",
                "2:bad command line",
                "65:the index or a depmod file is malformed",
                "66:the index or module directory cannot be read",
                "69:this kernel has no loadable module support (ENOSYS)",
                "77:not permitted (EPERM, EACCES: not root, module_blacklist=, lockdown)",
        })
final class ModprobeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    IndexSource source;

    @Option(names = {"-n", "--dry-run"}, description = "Print the ordered plan: what would be loaded, with which options, what is skipped and why.")
    boolean dryRun;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "A modprobe.d directory, most important first; repeat for more (default: /etc/modprobe.d, "
                    + "/run/modprobe.d, /usr/lib/modprobe.d, /lib/modprobe.d).")
    List<Path> configDirs = new ArrayList<>();

    @Option(names = "--sys", paramLabel = "DIR", description = "Where sysfs is (default: /sys).")
    Path sys = Path.of("/sys");

    @Option(names = "--proc", paramLabel = "DIR", description = "Where procfs is (default: /proc).")
    Path proc = Path.of("/proc");

    @Option(names = "--cmdline", paramLabel = "FILE", description = "The kernel command line to apply (default: PROC/cmdline).")
    Path cmdline;

    @Option(names = "--coming-timeout", paramLabel = "SECONDS", description = "How long to wait for a module still initialising (default: 30).")
    double comingTimeoutSeconds = 30;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Carry out up to N requests at once (default: 1, one after another). Requests that need the same "
                    + "module share its load: one kernel call per module. Results are printed in argument order.")
    int jobs = 1;

    @Parameters(paramLabel = "MODULE|MODALIAS", arity = "1..*", description = "Module names ('-' and '_' alike) or aliases.")
    List<String> requests;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
        }
        ModuleIndex index;
        ModprobeConfig config;
        Path modulesDir;
        try {
            index = source.open(err);
            modulesDir = source.modulesDir != null ? source.modulesDir : Path.of("/lib/modules", index.kernelRelease());
            List<Path> dirs = configDirs.isEmpty() ? ModprobeDirectories.SYSTEM : configDirs;
            config = new ModprobeSources(dirs, modulesDir, cmdline != null ? cmdline : proc.resolve("cmdline")).read();
        } catch (MalformedInputException e) {
            err.println("reactor modprobe: " + e.getMessage());
            return MetaCommand.DATA_ERROR;
        } catch (IOException e) {
            err.println("reactor modprobe: " + e.getMessage());
            return MetaCommand.NO_INPUT;
        }
        for (ModprobeConfig.Problem problem : config.problems()) {
            err.println("reactor modprobe: warning: " + problem + " (line ignored)");
        }
        LoadPlanner planner = new LoadPlanner(index, config);
        if (dryRun) {
            for (String request : requests) {
                PlanText.print(planner.plan(request), out);
            }
            out.flush();
            return ExitCodes.OK;
        }
        ModuleLoader loader = new ModuleLoader(planner, new LinuxKernelModules(sys.resolve("module"), proc.resolve("modules")),
                modulesDir, LoaderClock.system(),
                new ModuleLoader.Settings(Duration.ofMillis((long) (comingTimeoutSeconds * 1000)), ModuleLoader.Settings.DEFAULT.pollInterval()));
        List<LoadPlan> plans = requests.stream().map(planner::plan).toList();
        long start = System.nanoTime();
        List<LoadReport> reports = loader.executeAll(plans, jobs);
        long wallNanos = System.nanoTime() - start;
        int exit = ExitCodes.OK;
        for (LoadReport report : reports) {
            for (int i = 0; i < report.results().size(); i++) {
                out.println(PlanText.result(report.plan().steps().get(i), report.results().get(i)));
            }
            if (!report.succeeded()) {
                exit = Math.max(exit, failureExit(report, err));
            }
        }
        // The kernel's share (inside finit_module/init_module) beside everything else the loader did.
        long kernelNanos = loader.statistics().kernelNanos();
        if (jobs == 1) {
            out.printf(Locale.ROOT, "total: %d kernel calls, %.1f ms in the kernel, %.1f ms in the loader%n",
                    loader.statistics().kernelCalls(), kernelNanos / 1e6, (wallNanos - kernelNanos) / 1e6);
        } else {
            // Calls overlap, so the kernel's time can exceed the wall-clock time: no difference is meaningful.
            out.printf(Locale.ROOT, "total: %d kernel calls, %.1f ms in the kernel, %.1f ms wall-clock with %d jobs%n",
                    loader.statistics().kernelCalls(), kernelNanos / 1e6, wallNanos / 1e6, jobs);
        }
        out.flush();
        return exit;
    }

    /** The most specific exit code of a failed request, with one line on stderr per failure. */
    private static int failureExit(LoadReport report, PrintWriter err) {
        int exit = ExitCodes.INCOMPLETE;
        for (int i = 0; i < report.results().size(); i++) {
            if (!report.plan().steps().get(i).essential()) {
                continue;
            }
            LoadResult result = report.results().get(i);
            if (result instanceof LoadResult.Failed failed) {
                err.println("reactor modprobe: " + failed.message());
                if (failed.errno() == ModuleErrno.ENOSYS) {
                    exit = Math.max(exit, ExitCodes.UNAVAILABLE);
                } else if (failed.errno() == ModuleErrno.EPERM || failed.errno() == 13) {
                    exit = Math.max(exit, ExitCodes.NO_PERMISSION);
                }
            } else if (result instanceof LoadResult.NotFound notFound) {
                String alias = report.plan().steps().get(i).note();
                err.println("reactor modprobe: " + notFound.module() + (alias.isEmpty() ? ": no such module or alias in the index"
                        : ": no such module in the index (a modprobe.d alias line resolves " + alias + " to it)"));
            }
        }
        return exit;
    }
}
