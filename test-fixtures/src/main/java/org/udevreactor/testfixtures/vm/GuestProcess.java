package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A background process in the guest whose standard output and error go to a file in the
 * results share, so the host reads them directly, even after the guest died.
 */
public final class GuestProcess {
    private final Guest guest;
    private final String name;
    private final int pid;
    private final Path log;

    GuestProcess(Guest guest, String name, int pid, Path log) {
        this.guest = guest;
        this.name = name;
        this.pid = pid;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int pid() {
        return pid;
    }

    /** Everything the process has written so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    public List<String> logLines() throws IOException {
        return log().lines().toList();
    }

    /** Waits until some line of the log matches; fails naming the process and showing its log. */
    public String awaitLine(Predicate<String> line, String what, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String l : logLines()) {
                if (line.test(l)) {
                    return l;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new GuestTimeoutException(name + " (pid " + pid + ") logged no line " + what + " within "
                        + timeout + "; its log:\n" + log());
            }
            if (!isAlive()) {
                throw new IOException(name + " (pid " + pid + ") exited before logging a line " + what
                        + "; its log:\n" + log());
            }
            sleep(200);
        }
    }

    public boolean isAlive() throws IOException {
        return guest.run("kill -0 " + pid + " 2>/dev/null").succeeded();
    }

    /** SIGTERM, then SIGKILL if it is still there after ten seconds. */
    public void stop() throws IOException {
        guest.run("kill " + pid + " 2>/dev/null\n"
                + "i=0; while kill -0 " + pid + " 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\n"
                + "kill -9 " + pid + " 2>/dev/null; true");
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ", log " + log + ")";
    }
}
