package org.udevreactor.reactor.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How long ago this process was exec'd, to the kernel's 10 ms tick: {@code /proc/uptime} minus
 * the start time in {@code /proc/self/stat} (field 22, in clock ticks of 1/100 s on Linux).
 * ProcessHandle's start instant is no use here: it is built on the whole-second boot time.
 * Always the real /proc, not the configured procfs: it is this process's age, not a fact about
 * the system the daemon manages.
 */
final class ProcessAge {
    private static final double TICKS_PER_SECOND = 100;

    private ProcessAge() {
    }

    static Optional<Duration> sinceExec() {
        Path procfs = Path.of("/proc");
        try {
            String uptime = Files.readString(procfs.resolve("uptime")).trim().split("\\s+")[0];
            String stat = Files.readString(procfs.resolve("self/stat"));
            // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long startTicks = Long.parseLong(after[22 - 3]);
            double seconds = Double.parseDouble(uptime) - startTicks / TICKS_PER_SECOND;
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
