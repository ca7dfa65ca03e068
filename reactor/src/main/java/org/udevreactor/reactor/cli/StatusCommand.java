package org.udevreactor.reactor.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reactor status}: the running daemon's state, over its control socket. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Asks the running daemon for its state: uptime, kernel, policy, registry size and event counters.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered", "1:the daemon refused (e.g. not root)", "69:no daemon answers at the socket"})
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlRequest control;

    @Override
    public Integer call() {
        return control.send(spec, "status", Map.of());
    }
}
