package org.udevreactor.reactor.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: a Unix stream socket speaking line-delimited JSON, one request
 * ({"version":1,"command":"status"}) and one reply per line. Only root, or members of the
 * configured group, are served: the peer's credentials come from SO_PEERCRED, so file modes
 * are a second fence, not the only one. A malformed request gets an error reply and the
 * connection (and the daemon) carries on.
 */
public final class ControlServer implements AutoCloseable {
    public static final int VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger("reactor.control");

    /**
     * Made at the first request, not at start: an ObjectMapper's construction (its date formats
     * read the JDK's locale data) cost the daemon ~50 ms before READY=1.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Answers one well-formed request; runs on the connection's thread. */
    public interface Commands {
        ObjectNode handle(String command, JsonNode request) throws RequestException;
    }

    /** A request the daemon refuses, with the reason for the caller. */
    public static final class RequestException extends Exception {
        private static final long serialVersionUID = 1L;

        public RequestException(String message) {
            super(message);
        }
    }

    private final Path path;
    private final Path bound;
    private final OptionalInt group;
    private final Commands commands;
    private final UnixServerSocketChannel server;
    private final Thread acceptor;
    private volatile boolean published;
    private volatile boolean closed;

    private ControlServer(Path path, Path bound, OptionalInt group, Commands commands, UnixServerSocketChannel server) {
        this.path = path;
        this.bound = bound;
        this.group = group;
        this.commands = commands;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "reactor-control");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and listens under a temporary name beside {@code path}, with mode 0660 and group
     * {@code group}, without serving yet: the daemon does this while coldplug runs, and
     * {@link #publish}es once it is ready.
     */
    public static ControlServer bind(Path path, OptionalInt group, Commands commands) throws IOException {
        // Bound and listening under a temporary name, then renamed into place: a client that sees
        // the path can connect (bind creates the file before listen, which would refuse meanwhile),
        // and it never sees the file before its mode and group are right.
        Path bound = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(bound);
        UnixServerSocketChannel server = UnixServerSocketChannel.open();
        try {
            server.socket().bind(new UnixSocketAddress(bound.toFile()));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
            if (group.isPresent()) {
                // So the group's members pass the file mode too (the unit keeps CAP_CHOWN for this).
                Files.setAttribute(bound, "unix:gid", group.getAsInt());
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        }
        return new ControlServer(path, bound, group, commands, server);
    }

    /**
     * Moves the socket into place at its path (replacing a stale one) and starts serving; nothing
     * once closed (a stop that came first).
     */
    public synchronized ControlServer publish() throws IOException {
        if (closed) {
            return this;
        }
        try {
            Files.move(bound, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            close();
            throw e;
        }
        published = true;
        acceptor.start();
        log.info("control socket {}", path);
        return this;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                UnixSocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "reactor-control-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("control socket {}: accept failed: {}", path, e.toString());
                }
            }
        }
    }

    private void serve(UnixSocketChannel client) {
        try (client; OutputStream out = Channels.newOutputStream(client);
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8))) {
            Credentials peer = client.getOption(UnixSocketOptions.SO_PEERCRED);
            if (!permitted(peer.getUid(), peer.getGid())) {
                log.warn("control socket: refused pid {} uid {} gid {}: not root{}", peer.getPid(), peer.getUid(), peer.getGid(),
                        group.isPresent() ? " nor group " + group.getAsInt() : "");
                reply(out, error("permission denied: uid " + peer.getUid() + " is not root"
                        + (group.isPresent() ? " and gid " + peer.getGid() + " is not the control group " + group.getAsInt() : "")));
                return;
            }
            String line;
            while ((line = in.readLine()) != null) {
                reply(out, answer(line));
            }
        } catch (IOException e) {
            log.debug("control connection ended: {}", e.toString());
        }
    }

    boolean permitted(int uid, int gid) {
        return uid == 0 || (group.isPresent() && gid == group.getAsInt());
    }

    private ObjectNode answer(String line) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return error("malformed request: not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            return error("malformed request: expected an object like {\"version\":1,\"command\":\"status\"}");
        }
        if (request.path("version").asInt(-1) != VERSION) {
            return error("unsupported protocol version " + request.path("version") + "; this daemon speaks " + VERSION);
        }
        String command = request.path("command").asText("");
        try {
            ObjectNode reply = commands.handle(command, request);
            reply.put("version", VERSION);
            reply.put("ok", true);
            return reply;
        } catch (RequestException e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("control command {} failed", command, e);
            return error(command + " failed: " + e);
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("version", VERSION);
        reply.put("ok", false);
        reply.put("error", message);
        return reply;
    }

    private static void reply(OutputStream out, ObjectNode reply) throws IOException {
        out.write((Json.MAPPER.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(published ? path : bound);
        } catch (IOException e) {
            log.debug("closing the control socket: {}", e.toString());
        }
    }
}
