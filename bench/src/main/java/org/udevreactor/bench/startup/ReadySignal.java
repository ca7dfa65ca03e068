package org.udevreactor.bench.startup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;

/**
 * systemd's end of NOTIFY_SOCKET for one daemon start: a bound datagram socket; {@link #awaitReady}
 * returns System.nanoTime() when a datagram with the line READY=1 arrived.
 */
final class ReadySignal implements AutoCloseable {
    private final Path path;
    private final UnixDatagramChannel channel;

    ReadySignal(Path path) throws IOException {
        Files.deleteIfExists(path);
        this.path = path;
        channel = UnixDatagramChannel.open();
        channel.bind(new UnixSocketAddress(path.toFile()));
        // Blocking receives wake at once on a datagram; the timeout only bounds a dead daemon.
        channel.setOption(UnixSocketOptions.SO_RCVTIMEO, 100);
    }

    Path path() {
        return path;
    }

    /** @throws IOException when no READY=1 came within {@code timeout} or {@code daemon} ended first */
    long awaitReady(Process daemon, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (System.nanoTime() < deadline) {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (IOException timedOut) {
                // SO_RCVTIMEO expired: look whether the daemon is still there.
            }
            long now = System.nanoTime();
            buffer.flip();
            if (buffer.hasRemaining() && StandardCharsets.UTF_8.decode(buffer).toString().lines().anyMatch("READY=1"::equals)) {
                return now;
            }
            if (!daemon.isAlive()) {
                throw new IOException("the daemon exited with " + daemon.exitValue() + " before READY=1");
            }
        }
        throw new IOException("no READY=1 within " + timeout);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
