package org.udevreactor.reactor.cli;

import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.NativeBinding;

/**
 * Work every {@code reactor run} does first that needs neither its command line nor its settings,
 * begun on threads of its own as soon as {@code main} sees {@code run}, while picocli builds its
 * model and parses (tens of ms of a cold JVM's start, on one core of two): binding libc for the
 * netlink socket (jnr-ffi's binding, also tens of ms in a cold JVM; the coldplug scan waits for
 * the socket) and configuring Logback (which the first log line waits for). A command line that
 * turns out to be wrong only wastes that work.
 */
final class DaemonWarmup {
    private static volatile Thread logging;

    private DaemonWarmup() {
    }

    static void begin() {
        started("reactor-warm-netlink", NativeBinding::bind);
        logging = started("reactor-warm-logging", LoggerFactory::getILoggerFactory);
    }

    /**
     * Returns once the logging begun by {@link #begin} is configured (at once when none was):
     * slf4j gives a thread that asks for a logger while another thread configures it a stand-in,
     * and prints a warning when it replays that logger's lines.
     */
    static void awaitLogging() throws InterruptedException {
        Thread configuring = logging;
        if (configuring != null) {
            configuring.join();
        }
    }

    private static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
