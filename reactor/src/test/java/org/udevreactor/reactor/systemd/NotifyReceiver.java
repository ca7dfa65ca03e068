package org.udevreactor.reactor.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;

/** systemd's end of NOTIFY_SOCKET for tests: a real bound datagram socket that records every message with its arrival time. */
public final class NotifyReceiver implements AutoCloseable {
    /** One datagram and System.nanoTime() when it was received. */
    public record Message(String text, long nanos) {
        public boolean has(String assignment) {
            return text.lines().anyMatch(assignment::equals);
        }
    }

    private final UnixDatagramChannel channel;
    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<Message> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    /** Binds {@code kernelName}: a path, or "\0name" for an abstract socket. */
    public NotifyReceiver(String kernelName) throws IOException {
        channel = UnixDatagramChannel.open();
        channel.bind(new UnixSocketAddress(kernelName));
        // The reader wakes up every 100 ms so that close() ends it.
        channel.setOption(UnixSocketOptions.SO_RCVTIMEO, 100);
        reader = new Thread(this::read, "notify-receiver");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (!closed) {
            buffer.clear();
            try {
                if (channel.receive(buffer) == null && buffer.position() == 0) {
                    continue;
                }
            } catch (IOException timeoutOrClosed) {
                continue;
            }
            buffer.flip();
            if (buffer.remaining() == 0) {
                continue;
            }
            Message m = new Message(StandardCharsets.UTF_8.decode(buffer).toString(), System.nanoTime());
            all.add(m);
            received.add(m);
        }
    }

    /** The next message that has {@code assignment} as one of its lines; earlier ones are skipped (they stay in {@link #all}). */
    public Message await(String assignment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no " + assignment + " within " + timeout + "; received " + all);
            }
            if (m.has(assignment)) {
                return m;
            }
        }
    }

    /** Every message received so far, in order. */
    public List<Message> all() {
        return new ArrayList<>(all);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reader.join(5000);
        channel.close();
    }
}
