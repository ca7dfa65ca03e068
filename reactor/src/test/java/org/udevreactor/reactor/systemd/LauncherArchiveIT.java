package org.udevreactor.reactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.reactor.daemon.DaemonFixtures;

/**
 * The launcher systemd/reactor with real JVMs and the built jar: {@code --make-startup-archive}
 * makes an archive the JVM then really loads classes from; a broken, stale or foreign archive
 * under the expected name is ignored without a word and the daemon still gets ready. One archive
 * is made for the class (a dry-run training daemon, several seconds) and copied where needed.
 */
class LauncherArchiveIT {
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path LAUNCHER = BASEDIR.resolve("../systemd/reactor").normalize();
    private static final Path BUILT_JAR = BASEDIR.resolve("target/reactor.jar");
    private static final Path THIS_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    /** Another JDK on these machines; CI's fresh Debian has only 17, and those cases then say so. */
    private static final Path JDK25_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    static Path temp;
    static Path jar;
    static Path archiveDir;
    static Path archive;

    @BeforeAll
    static void makeArchive() throws Exception {
        assertThat(BUILT_JAR).as("the shaded jar built by mvn package").isRegularFile();
        jar = Files.copy(BUILT_JAR, Files.createDirectories(temp.resolve("share")).resolve("reactor.jar"));
        archiveDir = Files.createDirectories(temp.resolve("cache"));
        Result made = launcher(THIS_JAVA, Map.of(), "--make-startup-archive");
        assertThat(made.status).as(made.output).isZero();
        try (Stream<Path> files = Files.list(archiveDir)) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().matches("reactor-.*\\.(jsa|aot)")).toList();
            assertThat(archives).as(made.output).hasSize(1);
            archive = archives.get(0);
        }
        assertThat(Files.readString(archiveDir.resolve(archive.getFileName() + ".size")).strip()).as("its recorded size")
                .isEqualTo(Long.toString(Files.size(archive)));
        assertThat(made.output).contains("startup archive for ").contains(archive.toString());
    }

    @Test
    void archiveMadeForThisJvm_classesComeFromIt() throws Exception {
        Result run = launcher(THIS_JAVA, Map.of("REACTOR_JAVA_OPTIONS", "-Xlog:class+load=info"), "--version");

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.output).contains("org.udevreactor.reactor.cli.ReactorCommand source: shared objects file");
    }

    @Test
    void withoutArchive_classesComeFromTheJar() throws Exception {
        Result run = launcher(THIS_JAVA, Map.of("REACTOR_JAVA_OPTIONS", "-Xlog:class+load=info",
                "REACTOR_STARTUP_ARCHIVE_DIR", temp.resolve("empty").toString()), "--version");

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.output).contains("org.udevreactor.reactor.cli.ReactorCommand source: file:" + jar);
    }

    @Test
    void truncatedArchive_notUsed_daemonGetsReady() throws Exception {
        // JDK 17 would crash (SIGBUS) mapping it: the launcher must not offer it at all.
        Path dir = Files.createDirectories(temp.resolve("truncated"));
        Files.write(dir.resolve(archive.getFileName()), java.util.Arrays.copyOf(Files.readAllBytes(archive), 4096));
        Files.copy(archive.resolveSibling(archive.getFileName() + ".size"), dir.resolve(archive.getFileName() + ".size"));

        assertDaemonReadyWithoutJvmOutput(THIS_JAVA, dir);
    }

    @Test
    void corruptArchiveOfTheRecordedSize_ignoredSilently_daemonGetsReady() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("corrupt"));
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 0; i < 4096; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(dir.resolve(archive.getFileName()), bytes);
        Files.copy(archive.resolveSibling(archive.getFileName() + ".size"), dir.resolve(archive.getFileName() + ".size"));

        assertDaemonReadyWithoutJvmOutput(THIS_JAVA, dir);
    }

    @Test
    void archiveMadeForAnotherJar_ignoredSilently_daemonGetsReady() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("stale"));
        Path staleJar = Files.copy(jar, dir.resolve("reactor.jar"));
        Files.copy(archive, dir.resolve(archive.getFileName()));
        Files.copy(archive.resolveSibling(archive.getFileName() + ".size"), dir.resolve(archive.getFileName() + ".size"));
        // The archive recorded the jar's size and time; a package upgrade changes at least the time.
        Files.setLastModifiedTime(staleJar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        Result run = daemon(THIS_JAVA, Map.of("REACTOR_JAR", staleJar.toString(), "REACTOR_STARTUP_ARCHIVE_DIR", dir.toString()));

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.output).contains("ready: coldplug:");
        assertThat(jvmLines(run.output)).as(run.output).isEmpty();
    }

    @Test
    void jdk25_givenJdk17sArchiveUnderItsName_ignoredSilently_daemonGetsReady() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25_JAVA), "no JDK 25 at " + JDK25_JAVA + ": the foreign-archive case needs a second JVM");
        Assumptions.assumeTrue(archive.toString().endsWith(".jsa"), "this JVM made an AOT cache, not a JDK 17 archive");
        String runtime25 = Files.readAllLines(JDK25_JAVA.getParent().getParent().resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION=")).findFirst().orElseThrow()
                .replaceAll("^JAVA_RUNTIME_VERSION=\"(.*)\"$", "$1");
        Path dir = Files.createDirectories(temp.resolve("foreign"));
        Files.copy(archive, dir.resolve("reactor-" + runtime25 + ".aot"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("reactor-" + runtime25 + ".aot.size"), Files.size(archive) + "\n");

        assertDaemonReadyWithoutJvmOutput(JDK25_JAVA, dir);
    }

    private static void assertDaemonReadyWithoutJvmOutput(Path java, Path archiveDirectory) throws Exception {
        Result run = daemon(java, Map.of("REACTOR_STARTUP_ARCHIVE_DIR", archiveDirectory.toString(),
                "REACTOR_JAR", jar.toString()));

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.output).contains("ready: coldplug:");
        assertThat(jvmLines(run.output)).as(run.output).isEmpty();
    }

    /** The daemon, dry run, once, on a small fake host. */
    private static Result daemon(Path java, Map<String, String> env) throws Exception {
        Path host = Files.createTempDirectory(temp, "host");
        Path sys = Files.createDirectory(host.resolve("sys"));
        DaemonFixtures.hostTree(sys);
        Path config = DaemonFixtures.settingsFile(host, sys, Files.createDirectory(host.resolve("proc")),
                Files.createDirectory(host.resolve("modules")), Files.createDirectory(host.resolve("rules")));
        return launcher(java, env, "run", "--dry-run", "--once", "--config", config.toString());
    }

    /** Lines the JVM itself prints about archives ([warning][cds], [error][aot], "sharing"...). */
    private static List<String> jvmLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.matches("^\\[[0-9.]+s\\].*") || line.contains("shared archive") || line.contains("AOT cache")
                    || line.startsWith("Error occurred") || line.startsWith("OpenJDK") || line.startsWith("Java HotSpot")
                    // slf4j's own: a logger asked for while the start's warm-up configures logging
                    || line.startsWith("SLF4J")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static Result launcher(Path java, Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("sh");
        pb.command().add(LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("REACTOR_JAVA", java.toString());
        pb.environment().put("REACTOR_JAR", jar.toString());
        pb.environment().put("REACTOR_STARTUP_ARCHIVE_DIR", archiveDir.toString());
        pb.environment().remove("NOTIFY_SOCKET");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        // A JVM that crashes writes hs_err_pid*.log into its working directory.
        pb.directory(temp.toFile());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int status, String output) {
    }
}
