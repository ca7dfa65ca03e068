package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyDirectories;
import org.udevreactor.rules.PolicyError;
import org.udevreactor.rules.PolicyLoader;
import org.udevreactor.rules.Rule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code reactor rules check}: loads a policy set exactly as the daemon would, and says whether it would apply. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {
                "Validates policy files the way the daemon loads them: all files or none. Prints every error as "
                        + "FILE:LINE: KEY: message on stderr, or, when the set is valid, its rules in precedence order "
                        + "(the first rule that matches a device decides).",
                "With DIRs, they are the drop-in directories, lowest precedence first (a file replaces the file of "
                        + "the same name in an earlier DIR); with FILEs, exactly those files in the order given.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the policy is valid (no files is a valid, empty policy)",
                "2:bad command line",
                "65:the policy has errors; none of it would be applied",
        })
final class RulesCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR|FILE", arity = "0..*",
            description = "Drop-in directories or policy files (default: /usr/lib/reactor/rules.d /run/reactor/rules.d /etc/reactor/rules.d).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult result;
        String where;
        if (paths.isEmpty()) {
            PolicyDirectories dirs = PolicyDirectories.standard();
            result = PolicyLoader.load(dirs);
            where = String.join(" ", dirs.directories().stream().map(Path::toString).toList());
        } else if (paths.stream().allMatch(Files::isRegularFile)) {
            result = PolicyLoader.loadFiles(paths);
            where = String.join(" ", paths.stream().map(Path::toString).toList());
        } else if (paths.stream().noneMatch(Files::isRegularFile)) {
            result = PolicyLoader.load(new PolicyDirectories(paths));
            where = String.join(" ", paths.stream().map(Path::toString).toList());
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either drop-in directories or policy files, not both: " + paths);
        }
        if (result instanceof LoadResult.Failed failed) {
            for (PolicyError e : failed.errors()) {
                err.println(e);
            }
            long files = failed.errors().stream().map(PolicyError::file).distinct().count();
            err.printf("reactor rules check: %s in %s; none of this policy would be applied%n",
                    count(failed.errors().size(), "error"), count((int) files, "file"));
            err.flush();
            return ExitCodes.DATA_ERROR;
        }
        Policy policy = ((LoadResult.Loaded) result).policy();
        for (Rule rule : policy.rules()) {
            out.printf("%s:%d: %s: %s%n", rule.ref().file(), rule.ref().line(), rule.ref().name(), PolicyText.action(rule));
        }
        out.printf("ok: %s from %s (%s), in precedence order: the first rule that matches a device decides%n",
                count(policy.rules().size(), "rule"), count(policy.files().size(), "file"), where);
        out.flush();
        return ExitCodes.OK;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
