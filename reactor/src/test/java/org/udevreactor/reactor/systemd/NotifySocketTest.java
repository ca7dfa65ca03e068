package org.udevreactor.reactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams to real Unix sockets, and the environment systemd passes. */
class NotifySocketTest {
    @TempDir
    Path temp;

    @Test
    void send_pathSocket_arrivesAsOneDatagram() throws Exception {
        Path path = temp.resolve("notify");
        try (NotifyReceiver receiver = new NotifyReceiver(path.toString());
             NotifySocket socket = NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString())).orElseThrow()) {
            socket.send("READY=1\nSTATUS=up");

            assertThat(receiver.await("READY=1", Duration.ofSeconds(10)).text()).isEqualTo("READY=1\nSTATUS=up");
        }
    }

    @Test
    void send_abstractName_atBecomesNul() throws Exception {
        String name = "reactor-test-" + UUID.randomUUID();
        try (NotifyReceiver receiver = new NotifyReceiver("\0" + name);
             NotifySocket socket = NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name)).orElseThrow()) {
            socket.send("WATCHDOG=1");

            assertThat(receiver.await("WATCHDOG=1", Duration.ofSeconds(10)).text()).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void send_nobodyListening_failsNamingTheSocket() throws Exception {
        Path path = temp.resolve("gone");
        try (NotifySocket socket = NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString())).orElseThrow()) {
            assertThatThrownBy(() -> socket.send("READY=1")).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void fromEnvironment_unsetOrEmpty_isEmpty() throws Exception {
        assertThat(NotifySocket.fromEnvironment(Map.of())).isEmpty();
        assertThat(NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", ""))).isEmpty();
    }

    @Test
    void fromEnvironment_relativeOrVsock_isRefusedNamingTheValue() {
        assertThatThrownBy(() -> NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234")))
                .hasMessage("NOTIFY_SOCKET=vsock:2:1234 is neither an absolute path nor an abstract name (@NAME)");
    }

    @Test
    void watchdogInterval_halfOfUsecForThisPid() {
        assertThat(WatchdogInterval.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42))
                .contains(Duration.ofSeconds(15));
        assertThat(WatchdogInterval.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), 42)).contains(Duration.ofSeconds(15));
    }

    @Test
    void watchdogInterval_otherPidOrUnset_isOff() {
        assertThat(WatchdogInterval.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "41"), 42)).isEmpty();
        assertThat(WatchdogInterval.fromEnvironment(Map.of(), 42)).isEqualTo(Optional.empty());
    }

    @Test
    void watchdogInterval_garbage_namesTheVariable() {
        assertThatThrownBy(() -> WatchdogInterval.fromEnvironment(Map.of("WATCHDOG_USEC", "soon"), 42))
                .hasMessage("WATCHDOG_USEC=soon is not a positive number");
        assertThatThrownBy(() -> WatchdogInterval.fromEnvironment(Map.of("WATCHDOG_USEC", "10", "WATCHDOG_PID", "-1"), 42))
                .hasMessage("WATCHDOG_PID=-1 is not a positive number");
    }
}
