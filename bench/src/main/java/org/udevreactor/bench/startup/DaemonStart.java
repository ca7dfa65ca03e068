package org.udevreactor.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One start of the daemon as a process: timed from just before exec until its READY=1 datagram
 * arrives on a NOTIFY_SOCKET of our own, its RSS and CPU time read from /proc then, and stopped
 * with SIGTERM as systemd stops it. Its stderr goes to {@code work/daemon.log}.
 */
final class DaemonStart {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    record Sample(double readyMillis, ProcessFootprint footprint) {
    }

    /** One way of starting the daemon: its name in the tables, its command line, what it adds to the environment. */
    record Config(String name, List<String> command, Map<String, String> env) {
    }

    /** {@code env} with {@code key} set to {@code value}, in order. */
    static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put(key, value);
        return all;
    }

    /**
     * One warm-up start of each configuration (the page cache; not counted), then {@code rounds}
     * rounds of one start of each, interleaved so that a change on the machine meanwhile touches
     * them all alike; the samples in the configurations' order.
     */
    static Map<Config, List<Sample>> interleaved(List<Config> configs, int rounds, Path work) throws IOException, InterruptedException {
        Map<Config, List<Sample>> samples = new LinkedHashMap<>();
        for (Config config : configs) {
            once(config, work);
            samples.put(config, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (Config config : configs) {
                samples.get(config).add(once(config, work));
            }
        }
        return samples;
    }

    /** {@link #once(String, List, Map, Path)} of a configuration. */
    static Sample once(Config config, Path work) throws IOException, InterruptedException {
        return once(config.name(), config.command(), config.env(), work);
    }

    private DaemonStart() {
    }

    /** @throws IOException naming {@code name} with the daemon's log when it did not get ready */
    static Sample once(String name, List<String> command, Map<String, String> env, Path work) throws IOException, InterruptedException {
        try (ReadySignal ready = new ReadySignal(work.resolve("notify.sock"))) {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(work.resolve("daemon.log").toFile());
            pb.environment().putAll(env);
            pb.environment().put("NOTIFY_SOCKET", ready.path().toString());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            long startNanos = System.nanoTime();
            Process daemon = pb.start();
            try {
                long readyNanos = ready.awaitReady(daemon, READY_TIMEOUT);
                ProcessFootprint footprint = ProcessFootprint.of(daemon.pid());
                return new Sample((readyNanos - startNanos) / 1e6, footprint);
            } catch (IOException e) {
                throw new IOException(name + ": " + e.getMessage() + "; its log:\n"
                        + Files.readString(work.resolve("daemon.log")), e);
            } finally {
                daemon.destroy(); // SIGTERM, as systemd stops it
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor();
                }
            }
        }
    }

    /**
     * The launcher's {@code --make-startup-archive} for the JVM and jar {@code env} names, into
     * {@code dir} (trained on this host's own start, as a package's postinst makes it).
     */
    static void makeArchive(Path launcher, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), "--make-startup-archive").inheritIO();
        pb.environment().putAll(env);
        pb.environment().put("REACTOR_STARTUP_ARCHIVE_DIR", dir.toString());
        int status = pb.start().waitFor();
        if (status != 0) {
            throw new IOException("making the startup archive failed (exit " + status + ") for " + env);
        }
    }

    /** /proc/loadavg's three load averages. */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
