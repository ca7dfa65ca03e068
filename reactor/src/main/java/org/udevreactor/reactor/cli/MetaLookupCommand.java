package org.udevreactor.reactor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.VfioCandidate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reactor meta lookup}: the modules for modaliases, one per line as {@code modprobe -R}
 * prints them; with {@code -}, a script-friendly line per stdin line ("MODALIAS\tMOD,MOD").
 */
@Command(name = "lookup",
        mixinStandardHelpOptions = true,
        description = {
                "Prints the modules each MODALIAS resolves to, one per line, in modprobe -R's order.",
                "With - instead of modaliases, reads one per line from stdin and prints one line per input: "
                        + "the modalias, a tab, and the modules comma-separated (nothing after the tab when none match).",
                "With --vfio, prints the VFIO drivers for each device, best first: rank, module, the alias "
                        + "that matched, its number of literal bytes, and whether the module is built in "
                        + "(with -, the modules comma-separated, best first).",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every modalias resolved (always, when reading stdin)",
                "1:some modalias resolved to no module",
                "2:bad command line",
                "65:the index or a depmod file is malformed",
                "66:the index or module directory cannot be read",
        })
final class MetaLookupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    IndexSource source;

    @Option(names = "--vfio", description = "Rank the VFIO variant drivers for each device modalias.")
    boolean vfio;

    @Parameters(paramLabel = "MODALIAS", arity = "1..*", description = "Modaliases to resolve, or - to read them from stdin.")
    List<String> modaliases;

    /** Where "-" reads from; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        return MetaFailures.reporting(err, this::lookup).call();
    }

    private int lookup() throws IOException {
        if (modaliases.contains("-") && modaliases.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "- reads modaliases from stdin and cannot be mixed with others");
        }
        ModuleIndex index = source.open(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        if (modaliases.equals(List.of("-"))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            StringBuilder line = new StringBuilder();
            for (String modalias = in.readLine(); modalias != null; modalias = in.readLine()) {
                line.setLength(0);
                line.append(modalias).append('\t').append(String.join(",", resolve(index, modalias)));
                out.println(line);
            }
            out.flush();
            return ExitCodes.OK;
        }
        boolean allResolved = true;
        for (String modalias : modaliases) {
            if (vfio) {
                List<VfioCandidate> ranked = index.vfioVariants(modalias).ranked();
                for (int i = 0; i < ranked.size(); i++) {
                    VfioCandidate c = ranked.get(i);
                    out.printf("%d\t%s\t%s\t%d\t%s%n", i + 1, c.module(), c.pattern(), c.literalBytes(), c.builtin() ? "built-in" : "loadable");
                }
                allResolved &= !ranked.isEmpty();
            } else {
                List<String> modules = index.lookup(modalias);
                modules.forEach(out::println);
                allResolved &= !modules.isEmpty();
            }
        }
        out.flush();
        return allResolved ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }

    private List<String> resolve(ModuleIndex index, String modalias) {
        return vfio
                ? index.vfioVariants(modalias).ranked().stream().map(VfioCandidate::module).collect(Collectors.toList())
                : index.lookup(modalias);
    }
}
