package org.udevreactor.testfixtures.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The host side of the guest agent (resource guest/agent): scripts and their output travel as
 * files in the shared results directory; the virtio-serial port carries only "N" one way and
 * "N EXIT" back. A reply that arrives after its caller timed out is recognised by its number
 * and dropped.
 */
final class AgentChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final Path commandDir;
    /** Queued by the reader when the socket closes: QEMU has exited, no reply will come. */
    private static final String CLOSED = "closed";

    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private int nextId = 1;

    private AgentChannel(SocketChannel channel, Path commandDir) {
        this.channel = channel;
        this.commandDir = commandDir;
        Thread reader = new Thread(this::readLoop, "guest-agent-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static AgentChannel connect(Path socket, Path resultsDir, Duration timeout) throws IOException {
        return new AgentChannel(UnixSockets.connect(socket, timeout), Files.createDirectories(resultsDir.resolve("cmd")));
    }

    synchronized CommandResult run(String script, Duration timeout) throws IOException {
        int id = nextId++;
        Files.writeString(commandDir.resolve(id + ".sh"), script);
        UnixSockets.writeFully(channel, (id + "\n").getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String reply;
            try {
                reply = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for guest script " + id, e);
            }
            if (reply == null) {
                throw new GuestTimeoutException("guest script " + id + " did not finish within " + timeout
                        + ":\n" + script.strip() + "\n--- output so far\n" + readOutput(id));
            }
            if (reply.equals(CLOSED)) {
                replies.add(CLOSED);
                throw new IOException("guest agent connection closed (QEMU exited?) while script " + id
                        + " ran:\n" + script.strip());
            }
            String[] parts = reply.trim().split(" ");
            if (parts.length == 2 && parts[0].equals(Integer.toString(id))) {
                return new CommandResult(script, Integer.parseInt(parts[1]), readOutput(id));
            }
        }
    }

    private String readOutput(int id) throws IOException {
        Path output = commandDir.resolve(id + ".out");
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(UnixSockets.inputStream(channel), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                replies.add(line);
            }
        } catch (IOException e) {
            // Same as end of stream: the guest is gone, and the caller's diagnostics show why.
        }
        replies.add(CLOSED);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
