package org.udevreactor.testfixtures.vm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A QEMU Machine Protocol client over QEMU's Unix socket. Replies and asynchronous events
 * share the stream, so one reader thread sorts them: replies go to a queue (QMP answers
 * commands in order), events to a list that callers wait on by name and data.
 */
final class QmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BlockingQueue<Map<String, Object>> replies = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final Thread reader;
    private volatile IOException readFailure;

    private QmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        InputStream in = UnixSockets.inputStream(channel);
        JsonParser parser = Json.FACTORY.createParser(in);
        this.reader = new Thread(() -> readLoop(parser), "qmp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects (retrying while QEMU creates the socket), reads the greeting and leaves negotiation mode. */
    static QmpClient connect(Path socket, Duration timeout) throws IOException {
        QmpClient client = new QmpClient(UnixSockets.connect(socket, timeout));
        client.awaitReply(timeout, "greeting");
        client.execute("qmp_capabilities", Map.of(), timeout);
        return client;
    }

    /** Runs a command and returns its "return" value; a QMP error becomes an IOException naming the command. */
    synchronized Object execute(String command, Map<String, Object> arguments, Duration timeout) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("execute", command);
        if (!arguments.isEmpty()) {
            request.put("arguments", arguments);
        }
        String json = Json.write(request);
        UnixSockets.writeFully(channel, (json + "\n").getBytes(StandardCharsets.UTF_8));
        Map<String, Object> reply = awaitReply(timeout, json);
        if (reply.containsKey("error")) {
            throw new IOException("QMP " + json + " failed: " + Json.write(reply.get("error")));
        }
        return reply.get("return");
    }

    /** Waits for an event seen since connecting (earlier ones count) and removes it from the list. */
    Map<String, Object> awaitEvent(String name, Predicate<Map<String, Object>> data, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Map<String, Object> event : events) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> eventData = (Map<String, Object>) event.getOrDefault("data", Map.of());
                    if (name.equals(event.get("event")) && data.test(eventData)) {
                        events.remove(event);
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || readFailure != null) {
                    throw new IOException("no QMP event " + name + " within " + timeout + "; events seen: "
                            + Json.write(events) + (readFailure != null ? "; reader failed: " + readFailure : ""));
                }
                try {
                    events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for QMP event " + name, e);
                }
            }
        }
    }

    private Map<String, Object> awaitReply(Duration timeout, String request) throws IOException {
        try {
            Map<String, Object> reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new IOException("no QMP reply to " + request + " within " + timeout
                        + (readFailure != null ? "; reader failed: " + readFailure : ""));
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for QMP reply to " + request, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void readLoop(JsonParser parser) {
        try (parser) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("QMP sent a non-object: " + token);
                }
                Map<String, Object> message = (Map<String, Object>) Json.readValue(parser);
                if (message.containsKey("event")) {
                    synchronized (events) {
                        events.add(message);
                        events.notifyAll();
                    }
                } else {
                    replies.add(message);
                }
            }
        } catch (IOException e) {
            readFailure = e;
        } finally {
            synchronized (events) {
                events.notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
