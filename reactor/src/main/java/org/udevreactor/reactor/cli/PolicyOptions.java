package org.udevreactor.reactor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.rules.PolicyDirectories;
import picocli.CommandLine.Option;

/** Where the policy drop-ins are, for the commands that read policy or keep overrides in it. */
final class PolicyOptions {
    @Option(names = "--rules-dir", paramLabel = "DIR",
            description = "A policy drop-in directory, lowest precedence first; repeat for more (default: /usr/lib/reactor/rules.d, "
                    + "/run/reactor/rules.d, /etc/reactor/rules.d). Overrides are kept in the last one.")
    List<Path> rulesDirs = new ArrayList<>();

    PolicyDirectories directories() {
        return rulesDirs.isEmpty() ? PolicyDirectories.standard() : new PolicyDirectories(rulesDirs);
    }
}
