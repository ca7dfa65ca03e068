package org.udevreactor.reactor.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The log line pattern for stderr: for the journal, when JOURNAL_STREAM names the very stream
 * stderr is (systemd sets it for the service's own stdout/stderr; a child whose stderr was
 * redirected inherits the variable, hence the check), no timestamp (journald adds its own) and a
 * syslog priority prefix; otherwise a timestamped line for a terminal or a file.
 */
final class LogPattern {
    static final String JOURNAL = "%syslogPriority%logger{0}: %msg%n";
    static final String TERMINAL = "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n";

    /** The pattern for this process's stderr. */
    static String forStderr() {
        return choose(System.getenv("JOURNAL_STREAM"), stderrDeviceAndInode(Path.of("/proc/self/fd/2")));
    }

    static String choose(String journalStream, Optional<String> stderr) {
        return journalStream != null && stderr.isPresent() && journalStream.equals(stderr.get()) ? JOURNAL : TERMINAL;
    }

    /** "DEV:INO" of what {@code fd} refers to, in JOURNAL_STREAM's notation (decimal st_dev and st_ino). */
    static Optional<String> stderrDeviceAndInode(Path fd) {
        try {
            return Optional.of(Files.getAttribute(fd, "unix:dev") + ":" + Files.getAttribute(fd, "unix:ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private LogPattern() {
    }
}
