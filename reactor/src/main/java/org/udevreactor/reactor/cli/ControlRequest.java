package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import org.udevreactor.reactor.control.ControlServer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The client side of the control socket, shared by status, reload and settle. */
final class ControlRequest {
    /** EX_UNAVAILABLE: no daemon answers. */
    static final int NO_DAEMON = 69;
    /** The daemon answered with an error. */
    static final int REFUSED = 1;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default: /run/reactor/control.sock).")
    Path socket = Path.of("/run/reactor/control.sock");

    @Option(names = "--json", description = "Print the daemon's reply as one JSON object.")
    boolean json;

    /**
     * Sends {@code command} (with {@code extra} fields) and returns the daemon's reply, ok or not.
     *
     * @throws IOException when no daemon answers at the socket (or it hangs up without a reply)
     */
    JsonNode call(String command, Map<String, Object> extra) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode request = mapper.createObjectNode();
        request.put("version", ControlServer.VERSION);
        request.put("command", command);
        extra.forEach((k, v) -> request.set(k, mapper.valueToTree(v)));
        try (UnixSocketChannel channel = UnixSocketChannel.open(new UnixSocketAddress(socket.toFile()))) {
            channel.write(java.nio.ByteBuffer.wrap((mapper.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the daemon closed the connection without a reply");
            }
            return mapper.readTree(line);
        }
    }

    /** Sends {@code command} (with {@code extra} fields), prints the reply; returns the exit code. */
    int send(CommandLine.Model.CommandSpec spec, String command, Map<String, Object> extra) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = "reactor " + spec.name();
        JsonNode reply;
        try {
            reply = call(command, extra);
        } catch (IOException e) {
            err.println(name + ": " + noDaemon(e));
            err.flush();
            return NO_DAEMON;
        }
        if (!reply.path("ok").asBoolean(false)) {
            if (json) {
                out.println(reply);
                out.flush();
            }
            err.println(name + ": " + reply.path("error").asText("the daemon replied without ok"));
            err.flush();
            return REFUSED;
        }
        if (json) {
            out.println(reply);
        } else {
            ReplyText.write(reply, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Where it looked and what to do. */
    String noDaemon(IOException e) {
        return "no daemon answers at " + socket + " (" + e.getMessage()
                + "); is it running? (systemctl status reactor, or reactor run --control-socket PATH)";
    }
}
