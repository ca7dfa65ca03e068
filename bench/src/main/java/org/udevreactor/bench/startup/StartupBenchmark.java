package org.udevreactor.bench.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.udevreactor.bench.startup.DaemonStart.Config;
import org.udevreactor.bench.startup.DaemonStart.Sample;

/**
 * Exec → ready of the real daemon on this host: {@code reactor run --dry-run} (the live /sys,
 * the default settings) started as a process, timed from just before exec until its READY=1
 * datagram arrives on a NOTIFY_SOCKET of our own, then its RSS and CPU time read from /proc and
 * stopped with SIGTERM. Each configuration (plain {@code java -jar}, the launcher
 * systemd/reactor without and with its startup archive, JDK 17 and 25) runs once per round,
 * rounds interleaved so load drifts hit all of them alike; the archives are made first by the
 * launcher's own {@code --make-startup-archive}, in a temporary directory.
 *
 * <p>Run from the repository root, as root, under the heavy lock (README: Performance: startup):
 * {@code java -cp bench/target/benchmarks.jar org.udevreactor.bench.startup.StartupBenchmark};
 * {@code -Dstartup.rounds=N} (default 10), {@code -Dstartup.jdk17=HOME}, {@code -Dstartup.jdk25=HOME},
 * {@code -Dstartup.only=TEXT} (only the configurations whose name contains TEXT, e.g. "+": those
 * with an archive).
 */
public final class StartupBenchmark {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("startup.rounds", 10);
        Path launcher = Path.of(System.getProperty("startup.launcher", "systemd/reactor")).toAbsolutePath();
        Path builtJar = Path.of(System.getProperty("startup.jar", "reactor/target/reactor.jar")).toAbsolutePath();
        Path jdk17 = Path.of(System.getProperty("startup.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        Path jdk25 = Path.of(System.getProperty("startup.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        require(Files.isRegularFile(builtJar), "no " + builtJar + ": build it first (mvn -B -q -pl reactor -am package -DskipTests)");
        require(Files.isRegularFile(launcher), "no launcher at " + launcher + ": run from the repository root");
        require(Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 at " + jdk17 + " (-Dstartup.jdk17=HOME)");

        Path work = Files.createTempDirectory("startup-bench");
        // A jar of our own, so no archive the build left beside reactor.jar is picked up by accident.
        Path jar = Files.copy(builtJar, Files.createDirectory(work.resolve("share")).resolve("reactor.jar"));
        Path noArchives = Files.createDirectory(work.resolve("no-archives"));
        Path archives = Files.createDirectory(work.resolve("archives"));
        List<String> daemonArgs = List.of("run", "--dry-run", "--control-socket", work.resolve("control.sock").toString());

        List<Config> configs = new ArrayList<>();
        List<String> plain = new ArrayList<>(List.of(jdk17.resolve("bin/java").toString(), "-jar", jar.toString()));
        plain.addAll(daemonArgs);
        configs.add(new Config("JDK 17, java -jar (JVM defaults)", plain, Map.of()));
        List<Path> jdks = new ArrayList<>(List.of(jdk17));
        if (Files.isExecutable(jdk25.resolve("bin/java"))) {
            jdks.add(jdk25);
        } else {
            System.out.println("no JDK 25 at " + jdk25 + " (-Dstartup.jdk25=HOME): its rows are left out");
        }
        for (Path jdk : jdks) {
            String feature = jdk.equals(jdk17) ? "JDK 17" : "JDK 25";
            Map<String, String> env = Map.of("REACTOR_JAVA", jdk.resolve("bin/java").toString(), "REACTOR_JAR", jar.toString());
            DaemonStart.makeArchive(launcher, env, archives);
            List<String> viaLauncher = new ArrayList<>(List.of("sh", launcher.toString()));
            viaLauncher.addAll(daemonArgs);
            configs.add(new Config(feature + ", launcher, no archive", viaLauncher, with(env, noArchives)));
            configs.add(new Config(feature + ", launcher + " + (jdk.equals(jdk17) ? "AppCDS" : "AOT cache"), viaLauncher, with(env, archives)));
        }

        String only = System.getProperty("startup.only", "");
        configs.removeIf(config -> !config.name().contains(only));
        require(!configs.isEmpty(), "no configuration's name contains " + only + " (-Dstartup.only)");

        String loadBefore = DaemonStart.loadAverage();
        Map<Config, List<Sample>> samples = DaemonStart.interleaved(configs, rounds, work);
        String loadAfter = DaemonStart.loadAverage();
        print(samples, rounds, loadBefore, loadAfter);
    }

    private static Map<String, String> with(Map<String, String> env, Path archiveDir) {
        return DaemonStart.with(env, "REACTOR_STARTUP_ARCHIVE_DIR", archiveDir.toString());
    }

    private static void print(Map<Config, List<Sample>> samples, int rounds, String loadBefore, String loadAfter) {
        System.out.printf("%nreactor run --dry-run on this host, exec -> READY=1; %d runs each, interleaved; load average %s before, %s after%n%n",
                rounds, loadBefore, loadAfter);
        System.out.println("| configuration | exec → READY=1, ms (mean ± 99.9% CI) | min–max ms | CPU to ready, ms | VmHWM MiB | VmRSS MiB (anon + file) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<Config, List<Sample>> entry : samples.entrySet()) {
            List<Sample> s = entry.getValue();
            double[] ms = s.stream().mapToDouble(Sample::readyMillis).toArray();
            double mean = Arrays.stream(ms).average().orElseThrow();
            System.out.printf("| %s | %.0f ± %.0f | %.0f–%.0f | %.0f | %.1f | %.1f (%.1f + %.1f) |%n", entry.getKey().name(), mean,
                    halfWidth(ms, mean), Arrays.stream(ms).min().orElseThrow(), Arrays.stream(ms).max().orElseThrow(),
                    s.stream().mapToLong(x -> x.footprint().cpuMillis()).average().orElse(0),
                    mib(s.stream().mapToLong(x -> x.footprint().hwmKib()).average().orElse(0)),
                    mib(s.stream().mapToLong(x -> x.footprint().rssKib()).average().orElse(0)),
                    mib(s.stream().mapToLong(x -> x.footprint().anonKib()).average().orElse(0)),
                    mib(s.stream().mapToLong(x -> x.footprint().fileKib()).average().orElse(0)));
        }
    }

    /** Student's t half-width of the 99.9% confidence interval of the mean, as JMH reports its error. */
    private static double halfWidth(double[] xs, double mean) {
        if (xs.length < 2) {
            return Double.NaN;
        }
        double squares = 0;
        for (double x : xs) {
            squares += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(squares / (xs.length - 1));
        return new TDistribution(xs.length - 1).inverseCumulativeProbability(0.9995) * sd / Math.sqrt(xs.length);
    }

    private static double mib(double kib) {
        return kib / 1024;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            System.err.println("StartupBenchmark: " + message);
            System.exit(2);
        }
    }

    private StartupBenchmark() {
    }
}
