package org.udevreactor.reactor.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * The datagram socket systemd names in NOTIFY_SOCKET (sd_notify(3)): a path, or an abstract name
 * written with a leading '@' that stands for the NUL byte the kernel expects.
 */
public final class NotifySocket implements AutoCloseable {
    private final String name;
    private final UnixSocketAddress address;
    private final UnixDatagramChannel channel;

    private NotifySocket(String name, UnixSocketAddress address, UnixDatagramChannel channel) {
        this.name = name;
        this.address = address;
        this.channel = channel;
    }

    /**
     * The socket of {@code NOTIFY_SOCKET}, or empty when it is unset or empty (not started by
     * systemd as Type=notify).
     *
     * @throws IllegalArgumentException for a value that is neither an absolute path nor '@'-abstract
     *         (systemd's vsock: addresses are not supported)
     */
    public static Optional<NotifySocket> fromEnvironment(Map<String, String> env) throws IOException {
        String value = env.get("NOTIFY_SOCKET");
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String kernelName;
        if (value.startsWith("@")) {
            kernelName = "\0" + value.substring(1);
        } else if (value.startsWith("/")) {
            kernelName = value;
        } else {
            throw new IllegalArgumentException("NOTIFY_SOCKET=" + value + " is neither an absolute path nor an abstract name (@NAME)");
        }
        return Optional.of(new NotifySocket(value, new UnixSocketAddress(kernelName), UnixDatagramChannel.open()));
    }

    /** Sends one notification (newline-separated VAR=VALUE assignments) as one datagram. */
    public void send(String state) throws IOException {
        ByteBuffer datagram = ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8));
        int sent = channel.send(datagram, address);
        if (sent != datagram.capacity()) {
            throw new IOException("sent " + sent + " of " + datagram.capacity() + " bytes to " + name);
        }
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
