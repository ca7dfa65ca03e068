package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** Everything the process has written so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    public List<String> logLines() throws IOException {
        return log().lines().toList();
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

    /** Sends a signal ("TERM", "HUP", ...) and returns at once; see {@link #awaitExit}. */
    public void signal(String name) throws IOException {
        guest.runOk("kill -" + name + " " + pid);
    }

    /** Waits until the process has exited; fails when it is still there after {@code timeout}. */
    public void awaitExit(java.time.Duration timeout) throws IOException {
        guest.await("! kill -0 " + pid + " 2>/dev/null", timeout);
    }

    /** SIGKILL at once, as a crash or an OOM kill would end it. */
    public void kill() throws IOException {
        guest.run("kill -9 " + pid + " 2>/dev/null\n"
                + "i=0; while kill -0 " + pid + " 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; true");
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ", log " + log + ")";
    }
}
