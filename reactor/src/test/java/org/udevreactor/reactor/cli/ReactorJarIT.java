package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.RealKernel;

/** The built executable jar, run as a user would run it, against this host's real kernel. */
class ReactorJarIT {
    private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "reactor.jar");

    @BeforeEach
    void requireJar() {
        assertThat(JAR).as("the shaded jar built by mvn package").isRegularFile();
    }

    @Test
    void version_printsVersionAndExitsZero() throws Exception {
        Run run = start(List.of(), "--version");

        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).isZero();
        assertThat(run.stdout()).startsWith("reactor 0.");
    }

    @Test
    void monitorJson_realEvents_printsOneParsableObjectPerEvent() throws Exception {
        RealKernel.requireRootAndNetlink();
        Run run = start(List.of(), "monitor", "--json", "--count", "2", "--subsystem-match", "mem", "--timeout", "30");
        run.awaitListening();
        String uuid = UUID.randomUUID().toString();
        RealKernel.trigger(RealKernel.NULL_UEVENT, "change");
        RealKernel.trigger(RealKernel.NULL_UEVENT, "add " + uuid + " WHO=reactorjarit");

        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).as("monitor exits after --count").isTrue();
        assertThat(run.process.exitValue()).as(run.stderr()).isZero();
        List<Map<String, String>> events = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            events.add(flatten(line));
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).containsEntry("type", "uevent").containsEntry("action", "change")
                .containsEntry("devpath", RealKernel.NULL_DEVPATH).containsEntry("subsystem", "mem")
                .containsEntry("source", "kernel").containsEntry("properties.DEVNAME", "null");
        assertThat(events.get(1)).containsEntry("action", "add").containsEntry("properties.SYNTH_UUID", uuid)
                .containsEntry("properties.SYNTH_ARG_WHO", "reactorjarit");
        assertThat(Long.parseLong(events.get(1).get("seqnum"))).isEqualTo(Long.parseLong(events.get(0).get("seqnum")) + 1);
    }

    @Test
    void monitorText_actionFilter_showsOnlyThatActionWithProperties() throws Exception {
        RealKernel.requireRootAndNetlink();
        Run run = start(List.of(), "monitor", "--property", "--action", "add", "-s", "mem", "--count", "1",
                "--timeout", "30");
        run.awaitListening();
        RealKernel.trigger(RealKernel.NULL_UEVENT, "change");
        RealKernel.trigger(RealKernel.NULL_UEVENT, "add");

        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).as(run.stderr()).isZero();
        assertThat(run.stdout()).matches("(?s)KERNEL\\[\\d+\\.\\d{6}\\] add      /devices/virtual/mem/null \\(mem\\)\n"
                + "ACTION=add\nDEVPATH=/devices/virtual/mem/null\nSUBSYSTEM=mem\n.*DEVNAME=null\n.*SEQNUM=\\d+\n*");
    }

    @Test
    void monitor_asUnprivilegedUser_fallsBackToSmallerBufferAndStillReceives() throws Exception {
        RealKernel.requireRootAndNetlink();
        RealKernel.require(RealKernel.commandExists("setpriv"), "setpriv (util-linux) is needed to drop privileges");
        Run run = start(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                "monitor", "--json", "--count", "1", "-s", "mem", "--timeout", "30");
        run.awaitListening();
        RealKernel.trigger(RealKernel.NULL_UEVENT, "change");

        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("SO_RCVBUFFORCE refused (EPERM)").contains("bursts may overflow it");
        assertThat(flatten(run.stdout().trim())).containsEntry("devpath", RealKernel.NULL_DEVPATH);
    }

    /**
     * A start as a passthrough host's (a settings file and a policy) reads both without an
     * ObjectMapper: making one costs ~400 classes and ~0.1 s of a cold JVM's start (README: Policy
     * files). Other ObjectMappers (the control socket's replies, `explain --json`) are made when
     * first used, never on the way to ready.
     */
    @Test
    void runDryRunOnce_withSettingsAndPolicy_loadsNoObjectMapper(@TempDir Path dir) throws Exception {
        RealKernel.requireRootAndNetlink();
        Path rules = Files.createDirectory(dir.resolve("rules.d"));
        Files.writeString(rules.resolve("50-gpu.toml"),
                "[[rule]]\nname = \"gpu\"\naction = \"vfio\"\n[rule.match]\nvendor = \"10de\"\nclass = \"0x030000/0xff0000\"\n");
        Path settings = Files.writeString(dir.resolve("reactor.toml"), "[paths]\nstate_dir = \"" + dir + "\"\nrules_dirs = [\""
                + rules + "\"]\n[events]\nworkers = 4\n[modules]\ncoming_timeout = 10.0\n");
        Path classes = dir.resolve("classes.log");
        Run run = start(List.of(), List.of("-Xlog:class+load=info:file=" + classes), "run", "--dry-run", "--once",
                "--config", settings.toString(), "--control-socket", dir.resolve("control.sock").toString());

        assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as("run --once exits after ready").isTrue();
        assertThat(run.process.exitValue()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("1 rules from 1 files in [" + rules + "]").contains("ready: coldplug");
        List<String> loaded = Files.readAllLines(classes).stream().filter(l -> l.contains("[class,load] ")).toList();
        // The TOML was read by Jackson's TOML parser, and nothing of it built an ObjectMapper.
        assertThat(loaded).anyMatch(l -> l.contains("] com.fasterxml.jackson.dataformat.toml.TomlFactory "))
                .noneMatch(l -> l.contains("] com.fasterxml.jackson.databind.ObjectMapper "));
    }

    /** A started jar with its output collected on background threads. */
    private static final class Run {
        final Process process;
        final CompletableFuture<String> stdout;
        final StringBuffer stderr = new StringBuffer();
        final CountDownLatch listening = new CountDownLatch(1);

        Run(Process process) {
            this.process = process;
            this.stdout = CompletableFuture.supplyAsync(() -> readAll(process));
            Thread errors = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        stderr.append(line).append('\n');
                        if (line.contains("reactor monitor: listening")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            errors.setDaemon(true);
            errors.start();
        }

        void awaitListening() throws InterruptedException {
            if (!listening.await(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("monitor did not start listening; stderr: " + stderr);
            }
        }

        String stdout() throws Exception {
            return stdout.get(30, TimeUnit.SECONDS);
        }

        String stderr() {
            return stderr.toString();
        }

        private static String readAll(Process process) {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }

    private static Run start(List<String> prefix, String... args) throws IOException {
        return start(prefix, List.of(), args);
    }

    private static Run start(List<String> prefix, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        return new Run(new ProcessBuilder(command).start());
    }

    /** A JSON object as dotted keys to string values: {"a":{"b":"c"}} gives a.b=c. */
    private static Map<String, String> flatten(String json) throws IOException {
        Map<String, String> flat = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            List<String> path = new ArrayList<>();
            String field = null;
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                switch (token) {
                    case FIELD_NAME -> field = parser.currentName();
                    case START_OBJECT -> {
                        if (field != null) {
                            path.add(field);
                        }
                    }
                    case END_OBJECT -> {
                        if (!path.isEmpty()) {
                            path.remove(path.size() - 1);
                        }
                    }
                    default -> flat.put(path.isEmpty() ? field : String.join(".", path) + "." + field, parser.getText());
                }
            }
        }
        return flat;
    }
}
