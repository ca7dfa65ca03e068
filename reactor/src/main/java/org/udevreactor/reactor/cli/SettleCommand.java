package org.udevreactor.reactor.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reactor settle}: waits until the daemon has handled every event queued so far (udevadm settle). */
@Command(name = "settle", mixinStandardHelpOptions = true,
        description = "Waits until the running daemon has handled every event queued so far.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:settled", "1:not settled within the timeout, or refused", "69:no daemon answers at the socket"})
final class SettleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlRequest control;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait at most (default: 120).")
    double timeout = 120;

    @Override
    public Integer call() {
        return control.send(spec, "settle", Map.of("timeout", timeout));
    }
}
