package org.udevreactor.reactor.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** How long settle and trigger let the daemon work before answering "not done"; sent as the request's "timeout". */
final class WaitTimeout {
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait at most (default: 120).")
    double seconds = 120;

    Map<String, Object> request() {
        return Map.of("timeout", seconds);
    }
}
