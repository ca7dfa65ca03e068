package org.udevreactor.reactor.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reactor reload}: the daemon reads its policy again (as SIGHUP). */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Makes the running daemon read its policy again; when the new policy has errors the old one stays "
                + "in force and the errors (FILE:LINE: KEY: message) are printed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:reloaded", "1:not reloaded (the errors are printed) or refused", "69:no daemon answers at the socket"})
final class ReloadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlRequest control;

    @Override
    public Integer call() {
        return control.send(spec, "reload", Map.of());
    }
}
