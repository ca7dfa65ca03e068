package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.udevreactor.meta.MetaFiles;
import org.udevreactor.meta.ModuleIndexBuilder;
import org.udevreactor.meta.proto.ModuleIndexFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reactor meta build}: depmod output to meta.pb, written atomically. */
@Command(name = "build",
        mixinStandardHelpOptions = true,
        description = "Builds meta.pb from a module directory's depmod output (modules.dep, modules.alias, "
                + "modules.softdep, modules.order, modules.builtin, modules.builtin.modinfo).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:written",
                "2:bad command line",
                "65:a depmod file is malformed (the message names file and line)",
                "66:the module directory or a required file is missing",
                "73:the index cannot be written",
        })
final class MetaBuildCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--modules-dir", paramLabel = "DIR",
            description = "The module directory (default: /lib/modules/$(uname -r)).")
    Path modulesDir;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to write the index (default: /var/cache/udev-reactor/meta-RELEASE.pb).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        return MetaFailures.reporting(err, this::build).call();
    }

    private int build() throws IOException {
        Path dir = modulesDir != null ? modulesDir : Path.of("/lib/modules", System.getProperty("os.version"));
        ModuleIndexFile index = ModuleIndexBuilder.build(dir);
        Path target = output != null ? output : Path.of("/var/cache/udev-reactor", "meta-" + index.getKernelRelease() + ".pb");
        try {
            MetaFiles.write(index, target);
        } catch (IOException e) {
            spec.commandLine().getErr().println("reactor meta build: cannot write " + target + ": " + e);
            return MetaCommand.CANNOT_CREATE;
        }
        spec.commandLine().getOut().printf("%s: kernel %s, %d modules, %d aliases, %d built-in aliases, %d bytes%n", target,
                index.getKernelRelease(), index.getModules().getModuleCount(), index.getAliases().getValueModuleCount(),
                index.getBuiltinAliases().getValueModuleCount(), Files.size(target));
        return ExitCodes.OK;
    }
}
