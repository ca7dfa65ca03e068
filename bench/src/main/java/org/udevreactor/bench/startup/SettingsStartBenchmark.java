package org.udevreactor.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.udevreactor.bench.startup.DaemonStart.Config;
import org.udevreactor.bench.startup.DaemonStart.Sample;

/**
 * Exec → READY=1 of {@code reactor run --dry-run} on this host started as a passthrough host
 * starts it: with a settings file ({@code --config}) and a policy (the README's GPU/NIC example,
 * {@code rules/src/test/resources/org/udevreactor/rules/passthrough.toml}), which
 * {@link StartupBenchmark} (the host's defaults, no policy) does not read. For each jar given
 * (e.g. main before and after a change), through the launcher on JDK 17 without a startup archive
 * (every class from the jar: a cold JVM) and with the archive its {@code --make-startup-archive}
 * makes on this host (trained on the host's own start, no settings file: what is only on the
 * settings' and policy's path still comes from the jar); all interleaved, one start of each per
 * round after one warm-up each. Reports the median, range and CPU time to ready, and, from one more
 * start of each jar with {@code -Xlog:class+load}, how many classes the JVM loaded, how many of
 * them Jackson's, and whether {@code ObjectMapper} was among them; that start must have logged the
 * policy's rules read from the settings' policy directory, or the benchmark fails.
 *
 * <p>Run from the repository root, as root, under the heavy lock (README: Policy files):
 * {@code java -cp bench/target/benchmarks.jar org.udevreactor.bench.startup.SettingsStartBenchmark JAR...}
 * (default reactor/target/reactor.jar); {@code -Dsettingsstart.rounds=N} (default 10),
 * {@code -Dsettingsstart.jdk17=HOME}.
 */
public final class SettingsStartBenchmark {
    private static final Path POLICY = Path.of("rules/src/test/resources/org/udevreactor/rules/passthrough.toml");

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("settingsstart.rounds", 10);
        Path launcher = Path.of("systemd/reactor").toAbsolutePath();
        Path jdk17 = Path.of(System.getProperty("settingsstart.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        List<Path> builtJars = (args.length == 0 ? List.of("reactor/target/reactor.jar") : Arrays.asList(args)).stream()
                .map(a -> Path.of(a).toAbsolutePath()).toList();
        require(Files.isRegularFile(launcher) && Files.isRegularFile(POLICY), "run from the repository root (no " + launcher + " or " + POLICY + ")");
        require(Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 at " + jdk17 + " (-Dsettingsstart.jdk17=HOME)");
        for (Path jar : builtJars) {
            require(Files.isRegularFile(jar), "no " + jar + ": build it first (mvn -B -q -pl reactor -am package -DskipTests)");
        }

        Path work = Files.createTempDirectory("settings-start-bench");
        Path rulesDir = Files.createDirectory(work.resolve("rules.d"));
        Files.copy(POLICY, rulesDir.resolve("50-passthrough.toml"));
        Path settings = Files.writeString(work.resolve("reactor.toml"), String.join("\n",
                "# A host's settings: its own policy directory and state, the daemon's defaults otherwise.",
                "[paths]",
                "state_dir = \"" + Files.createDirectory(work.resolve("state")) + "\"",
                "rules_dirs = [\"" + rulesDir + "\"]",
                "[events]",
                "workers = 8",
                "[modules]",
                "coming_timeout = 30.0",
                ""));
        List<String> daemonArgs = List.of("run", "--dry-run", "--config", settings.toString(),
                "--control-socket", work.resolve("control.sock").toString());
        Path noArchives = Files.createDirectory(work.resolve("no-archives"));

        List<Config> configs = new ArrayList<>();
        List<Config> classCounts = new ArrayList<>();
        for (int i = 0; i < builtJars.size(); i++) {
            String label = builtJars.get(i).toString();
            // A copy of its own, so no archive the build left beside the jar is picked up by accident.
            Path jar = Files.copy(builtJars.get(i), Files.createDirectory(work.resolve("jar" + i)).resolve("reactor.jar"));
            Path archives = Files.createDirectory(work.resolve("archives" + i));
            Map<String, String> env = Map.of("REACTOR_JAVA", jdk17.resolve("bin/java").toString(), "REACTOR_JAR", jar.toString());
            DaemonStart.makeArchive(launcher, env, archives);
            List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
            command.addAll(daemonArgs);
            configs.add(new Config(label + ", launcher, no archive", command, DaemonStart.with(env, "REACTOR_STARTUP_ARCHIVE_DIR", noArchives.toString())));
            configs.add(new Config(label + ", launcher + AppCDS", command, DaemonStart.with(env, "REACTOR_STARTUP_ARCHIVE_DIR", archives.toString())));
            classCounts.add(new Config(label, command, DaemonStart.with(DaemonStart.with(env, "REACTOR_STARTUP_ARCHIVE_DIR", noArchives.toString()),
                    "REACTOR_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + work.resolve("classes" + i + ".log"))));
        }

        String loadBefore = DaemonStart.loadAverage();
        List<String> classLines = new ArrayList<>();
        for (int i = 0; i < classCounts.size(); i++) {
            classLines.add(classes(classCounts.get(i), work, work.resolve("classes" + i + ".log"), rulesDir));
        }
        Map<Config, List<Sample>> samples = DaemonStart.interleaved(configs, rounds, work);
        String loadAfter = DaemonStart.loadAverage();

        System.out.printf("%nreactor run --dry-run --config (settings and a policy) on this host, JDK 17, exec -> READY=1;"
                + " %d runs each, interleaved; load average %s before, %s after%n%n", rounds, loadBefore, loadAfter);
        System.out.println("| jar, configuration | exec → READY=1, median ms | min–max ms | CPU to ready, median ms | VmHWM MiB, median |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<Config, List<Sample>> entry : samples.entrySet()) {
            List<Sample> s = entry.getValue();
            double[] ms = s.stream().mapToDouble(Sample::readyMillis).sorted().toArray();
            System.out.printf("| %s | %.0f | %.0f–%.0f | %.0f | %.1f |%n", entry.getKey().name(), median(ms), ms[0], ms[ms.length - 1],
                    median(s.stream().mapToDouble(x -> x.footprint().cpuMillis()).sorted().toArray()),
                    median(s.stream().mapToDouble(x -> x.footprint().hwmKib() / 1024.0).sorted().toArray()));
        }
        System.out.println();
        classLines.forEach(System.out::println);
        deleteTree(work); // two jars and their archives: ~70 MB
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One start with -Xlog:class+load (not timed): what its JVM loaded until it was stopped. */
    private static String classes(Config config, Path work, Path log, Path rulesDir) throws IOException, InterruptedException {
        DaemonStart.once(config, work);
        String daemonLog = Files.readString(work.resolve("daemon.log"));
        require(daemonLog.matches("(?s).*[1-9][0-9]* rules from 1 files in \\[" + Pattern.quote(rulesDir.toString()) + "].*"),
                config.name() + ": the daemon did not log the policy it read from " + rulesDir + "; its log:\n" + daemonLog);
        List<String> loaded = Files.readAllLines(log).stream().filter(l -> l.contains("[class,load]")).toList();
        long jackson = loaded.stream().filter(l -> l.contains("] com.fasterxml.jackson.")).count();
        boolean mapper = loaded.stream().anyMatch(l -> l.contains("] com.fasterxml.jackson.databind.ObjectMapper "));
        return String.format("%s: %d classes loaded (launcher, no archive), %d of them Jackson's; ObjectMapper loaded: %s",
                config.name(), loaded.size(), jackson, mapper ? "yes" : "no");
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            System.err.println("SettingsStartBenchmark: " + message);
            System.exit(2);
        }
    }

    private SettingsStartBenchmark() {
    }
}
