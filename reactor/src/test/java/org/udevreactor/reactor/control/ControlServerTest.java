package org.udevreactor.reactor.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bound while the daemon starts, published once it is ready: until then nothing is at the
 * socket's path, and a start that fails leaves nothing behind.
 */
class ControlServerTest {
    @TempDir
    Path temp;

    private final ControlServer.Commands echo = (command, request) -> JsonNodeFactory.instance.objectNode().put("echo", command);

    @Test
    void bind_nothingAtThePathUntilPublished_thenItAnswers() throws Exception {
        Path socket = temp.resolve("control.sock");

        ControlServer server = ControlServer.bind(socket, OptionalInt.empty(), echo);
        try {
            assertThat(socket).doesNotExist();
            Path bound = temp.resolve(".control.sock." + ProcessHandle.current().pid());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bound))).isEqualTo("rw-rw----");

            server.publish();

            assertThat(socket).exists();
            assertThat(bound).doesNotExist();
            assertThat(request(socket, "{\"version\":1,\"command\":\"status\"}"))
                    .isEqualTo("{\"echo\":\"status\",\"version\":1,\"ok\":true}");
        } finally {
            server.close();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void close_unpublished_removesTheBoundSocketAndLeavesAStaleOneAlone() throws Exception {
        Path socket = temp.resolve("control.sock");
        Files.writeString(socket, "a previous daemon's");

        ControlServer.bind(socket, OptionalInt.empty(), echo).close();

        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(socket);
        }
    }

    @Test
    void publish_replacesAStaleSocketFile() throws Exception {
        Path socket = temp.resolve("control.sock");
        Files.writeString(socket, "a previous daemon's");

        ControlServer server = ControlServer.bind(socket, OptionalInt.empty(), echo).publish();
        try {
            assertThat(request(socket, "{\"version\":1,\"command\":\"list\"}")).contains("\"echo\":\"list\"");
        } finally {
            server.close();
        }
    }

    private static String request(Path socket, String line) throws Exception {
        try (UnixSocketChannel channel = UnixSocketChannel.open(new UnixSocketAddress(socket.toFile()))) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8)).readLine();
        }
    }
}
