package org.udevreactor.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Mixin
    WaitTimeout timeout;

    @Override
    public Integer call() {
        return control.send(spec, "settle", timeout.request());
    }
}
