package org.udevreactor.reactor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reactor rules}: the policy files. */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        description = "Works with the policy files (TOML rules in /usr/lib, /run and /etc/reactor/rules.d).",
        subcommands = {
                RulesCheckCommand.class,
        })
final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check");
    }
}
