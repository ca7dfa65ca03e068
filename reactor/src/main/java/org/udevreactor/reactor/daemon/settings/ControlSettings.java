package org.udevreactor.reactor.daemon.settings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the daemon is reached: its control socket and, when asked for, the Prometheus text port.
 *
 * @param socket         the control socket's path
 * @param group          besides root, the gid whose processes may use the control socket
 * @param prometheusPort the localhost-only HTTP port serving /metrics; empty (the default) serves none
 */
public record ControlSettings(Path socket, OptionalInt group, OptionalInt prometheusPort) {
    public static final ControlSettings DEFAULT =
            new ControlSettings(Path.of("/run/reactor/control.sock"), OptionalInt.empty(), OptionalInt.empty());

    public ControlSettings {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(prometheusPort, "prometheusPort");
    }
}
