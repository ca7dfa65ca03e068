package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command run on the host to completion. A failure names the command, its directory,
 * its exit status and the tail of what it printed, so a provisioning error in a CI log
 * says what broke without a rerun.
 */
public final class HostCommand {
    private static final int OUTPUT_TAIL_LINES = 40;

    private final List<String> argv;
    private Path directory = Path.of(".");
    private Duration timeout = Duration.ofMinutes(5);
    private Path stdin;
    private Path stdout;

    private HostCommand(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    public static HostCommand of(String... argv) {
        return new HostCommand(List.of(argv));
    }

    public static HostCommand of(List<String> argv) {
        return new HostCommand(argv);
    }

    public HostCommand in(Path dir) {
        this.directory = dir;
        return this;
    }

    public HostCommand timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    public HostCommand stdinFrom(Path file) {
        this.stdin = file;
        return this;
    }

    /** Sends standard output to a file (binary safe); standard error is still captured. */
    public HostCommand stdoutTo(Path file) {
        this.stdout = file;
        return this;
    }

    /** Runs the command; returns its output (standard output and error merged, unless redirected). */
    public String run() throws IOException {
        Path capture = Files.createTempFile("host-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
            Map<String, String> env = builder.environment();
            env.put("DEBIAN_FRONTEND", "noninteractive");
            env.put("LC_ALL", "C");
            builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            if (stdout == null) {
                builder.redirectErrorStream(true).redirectOutput(capture.toFile());
            } else {
                builder.redirectOutput(stdout.toFile()).redirectError(capture.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException("cannot start `" + describe() + "` in " + directory.toAbsolutePath()
                        + ": " + e.getMessage(), e);
            }
            boolean finished = waitFor(process);
            String output = Files.readString(capture, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
                throw new IOException("`" + describe() + "` in " + directory.toAbsolutePath()
                        + " did not finish within " + timeout + "; its output ends:\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IOException("`" + describe() + "` in " + directory.toAbsolutePath()
                        + " exited " + process.exitValue() + "; its output ends:\n" + tail(output));
            }
            return output;
        } finally {
            Files.deleteIfExists(capture);
        }
    }

    private boolean waitFor(Process process) throws IOException {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running `" + describe() + "`", e);
        }
    }

    public String describe() {
        return String.join(" ", argv);
    }

    public static String tail(String output) {
        List<String> lines = new ArrayList<>(output.lines().toList());
        int from = Math.max(0, lines.size() - OUTPUT_TAIL_LINES);
        return String.join("\n", lines.subList(from, lines.size()));
    }
}
