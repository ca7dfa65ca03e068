package org.udevreactor.reactor.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of sd_notify: READY=1, STATUS=, RELOADING=1, STOPPING=1 and the watchdog.
 * Without NOTIFY_SOCKET (not started by systemd) every call does nothing. A notification that
 * cannot be sent is logged once and never stops the daemon.
 */
public final class SystemdNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("reactor.systemd");

    private final Optional<NotifySocket> socket;
    private final Optional<Duration> watchdog;
    private ScheduledExecutorService pinger;
    private volatile boolean sendFailed;

    SystemdNotifier(Optional<NotifySocket> socket, Optional<Duration> watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /** From NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID; a bad value is logged and that part is off. */
    public static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        Optional<NotifySocket> socket;
        try {
            socket = NotifySocket.fromEnvironment(env);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("systemd notification is off: {}", e.getMessage());
            return new SystemdNotifier(Optional.empty(), Optional.empty());
        }
        Optional<Duration> watchdog;
        try {
            watchdog = socket.isPresent() ? WatchdogInterval.fromEnvironment(env, pid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            log.warn("systemd watchdog is off: {}", e.getMessage());
            watchdog = Optional.empty();
        }
        return new SystemdNotifier(socket, watchdog);
    }

    /** Start-up (or a reload) is done. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    public void status(String status) {
        send("STATUS=" + status);
    }

    /** A reload begins; {@link #ready} ends it. MONOTONIC_USEC is what Type=notify-reload expects. */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()) + "\nSTATUS=reloading the policy");
    }

    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping: finishing the work in progress");
    }

    /** The interval WATCHDOG=1 is sent at, when systemd asked for the watchdog. */
    public Optional<Duration> watchdogInterval() {
        return watchdog;
    }

    /**
     * Sends WATCHDOG=1 every interval while {@code alive} completes within one interval; a
     * daemon whose event loop hangs therefore stops feeding it and systemd restarts it.
     */
    public synchronized void startWatchdog(Supplier<CompletableFuture<?>> alive) {
        if (watchdog.isEmpty() || pinger != null) {
            return;
        }
        Duration every = watchdog.get();
        pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reactor-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Fixed delay, not rate: after a stall the pings must not come in a burst.
        pinger.scheduleWithFixedDelay(() -> feed(alive, every), 0, every.toNanos(), TimeUnit.NANOSECONDS);
        log.info("systemd watchdog: WATCHDOG=1 every {} ms", every.toMillis());
    }

    private void feed(Supplier<CompletableFuture<?>> alive, Duration within) {
        try {
            alive.get().get(within.toNanos(), TimeUnit.NANOSECONDS);
            send("WATCHDOG=1");
        } catch (TimeoutException e) {
            log.warn("the event loop did not answer within {} ms; the watchdog is not fed", within.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("the liveness check failed ({}); the watchdog is not fed", e.toString());
        }
    }

    private void send(String state) {
        if (socket.isEmpty()) {
            return;
        }
        try {
            socket.get().send(state);
        } catch (IOException e) {
            if (!sendFailed) {
                sendFailed = true;
                log.warn("cannot notify systemd at {}: {}", socket.get().name(), e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (pinger != null) {
            pinger.shutdownNow();
            pinger = null;
        }
        if (socket.isPresent()) {
            try {
                socket.get().close();
            } catch (IOException e) {
                log.debug("closing the notify socket: {}", e.toString());
            }
        }
    }
}
