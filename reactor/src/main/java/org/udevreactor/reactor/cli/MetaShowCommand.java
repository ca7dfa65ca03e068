package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.ModuleInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code reactor meta show}: what the index knows about one module. */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = "Prints a module's path, whether it is built in, its dependencies (direct, and every module "
                + "to load before it, in order) and its soft dependencies.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:shown",
                "1:no such module in the index",
                "2:bad command line",
                "65:the index or a depmod file is malformed",
                "66:the index or module directory cannot be read",
        })
final class MetaShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    IndexSource source;

    @Parameters(paramLabel = "MODULE", description = "A module name ('-' and '_' alike).")
    String module;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        return MetaFailures.reporting(err, this::show).call();
    }

    private int show() throws IOException {
        ModuleIndex index = source.open(spec.commandLine().getErr());
        Optional<ModuleInfo> found = index.module(module);
        if (found.isEmpty()) {
            spec.commandLine().getErr().printf("reactor meta show: no module %s in the index of kernel %s%n", module, index.kernelRelease());
            return ExitCodes.INCOMPLETE;
        }
        ModuleInfo m = found.get();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("name:         %s%n", m.name());
        out.printf("path:         %s%n", m.builtin() ? "(built in)" : m.path());
        out.printf("built-in:     %s%n", m.builtin() ? "yes" : "no");
        out.printf("depends:      %s%n", joined(m.dependencies()));
        out.printf("load order:   %s%n", joined(m.loadOrder()));
        out.printf("softdep pre:  %s%n", joined(m.softdepPre()));
        out.printf("softdep post: %s%n", joined(m.softdepPost()));
        out.flush();
        return ExitCodes.OK;
    }

    private static String joined(List<String> names) {
        return names.isEmpty() ? "-" : String.join(" ", names);
    }
}
