package org.udevreactor.reactor.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How often to send WATCHDOG=1 (sd_watchdog_enabled(3)): half of WATCHDOG_USEC, as systemd
 * recommends, when it is set and WATCHDOG_PID (if set) names this process; a WATCHDOG_PID of
 * another process means the watchdog is someone else's (the variables leaked to a child).
 */
public final class WatchdogInterval {
    private WatchdogInterval() {
    }

    /**
     * @throws IllegalArgumentException naming the variable when a value is not a positive number
     */
    public static Optional<Duration> fromEnvironment(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid != null && !watchdogPid.isEmpty() && positive("WATCHDOG_PID", watchdogPid) != pid) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(positive("WATCHDOG_USEC", usec) * 1000 / 2));
    }

    private static long positive(String variable, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + "=" + value + " is not a positive number");
    }
}
