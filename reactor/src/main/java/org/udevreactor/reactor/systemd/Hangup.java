package org.udevreactor.reactor.systemd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP as "reload" (systemctl reload sends it through ExecReload). Without a handler the JVM
 * treats SIGHUP like SIGTERM and exits; the handler replaces that.
 */
public final class Hangup {
    private static final Logger log = LoggerFactory.getLogger("reactor.systemd");

    private Hangup() {
    }

    /** Runs {@code action} on its own thread at every SIGHUP; one at a time. */
    @SuppressWarnings("removal")
    public static void onSignal(Runnable action) {
        Object lock = new Object();
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
            Thread t = new Thread(() -> {
                synchronized (lock) {
                    action.run();
                }
            }, "reactor-reload");
            t.start();
        });
        log.debug("SIGHUP reloads the policy");
    }
}
