package org.udevreactor.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reactor trigger}: the running daemon coldplugs again and answers once that is handled. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {
                "Asks the running daemon to coldplug again: it rescans sysfs, handles every device present as 'add' "
                        + "(policy and module autoload, as at start) and every device it knew that is gone as 'remove', "
                        + "writing nothing to uevent files; answers once all of that is handled, with the counts.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:not done within the timeout (the events stay queued), or refused",
                "69:no daemon answers at the socket"})
final class TriggerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlRequest control;

    @Mixin
    WaitTimeout timeout;

    @Override
    public Integer call() {
        return control.send(spec, "trigger", timeout.request());
    }
}
