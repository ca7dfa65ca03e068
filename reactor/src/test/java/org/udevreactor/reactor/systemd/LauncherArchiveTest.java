package org.udevreactor.reactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which startup archive the launcher systemd/reactor hands the JVM, with a stand-in JDK (a
 * {@code bin/java} that writes down its arguments, and a {@code release} file) so every case is
 * fast and exact. LauncherArchiveIT runs real JVMs with real archives.
 */
class LauncherArchiveTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("basedir", "."), "..", "systemd", "reactor").normalize();

    @TempDir
    Path temp;
    Path jdk;
    Path jarDir;
    Path cacheDir;

    @BeforeEach
    void standInJdkAndJar() throws Exception {
        jdk = Files.createDirectories(temp.resolve("jdk/bin")).getParent();
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_FILE\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jarDir = Files.createDirectories(temp.resolve("share"));
        Files.writeString(jarDir.resolve("reactor.jar"), "not read by the stand-in");
        cacheDir = Files.createDirectories(temp.resolve("cache"));
    }

    @Test
    void jdk17_archiveForThisRuntimeBesideTheJar_isUsedWithShareAuto() throws Exception {
        release("17.0.15", "17.0.15+6-Debian-1deb12u1");
        Path archive = archive(jarDir.resolve("reactor-17.0.15+6-Debian-1deb12u1.jsa"));

        List<String> args = launch("run", "--once");

        assertThat(args).contains("-Xshare:auto", "-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC");
        assertThat(args.subList(args.indexOf("-jar"), args.size()))
                .containsExactly("-jar", jarDir.resolve("reactor.jar").toString(), "run", "--once");
    }

    @Test
    void jdk17_archiveOnlyInTheCacheDirectory_isUsed() throws Exception {
        release("17.0.15", "17.0.15+6-Debian-1deb12u1");
        Path archive = archive(cacheDir.resolve("reactor-17.0.15+6-Debian-1deb12u1.jsa"));

        assertThat(launch("run")).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void archiveOfAnotherRuntimeOnly_isNotOffered() throws Exception {
        release("17.0.15", "17.0.15+6-Debian-1deb12u1");
        archive(jarDir.resolve("reactor-17.0.14+7-Debian-1deb12u1.jsa"));
        archive(cacheDir.resolve("reactor-25.0.3+9-LTS.aot"));

        List<String> args = launch("run");

        assertThat(args).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:AOTCache") || a.startsWith("-Xshare"));
        assertThat(args).endsWith("run");
    }

    @Test
    void jdk25_aotCache_isUsedWithoutAnyXshare() throws Exception {
        release("25.0.3", "25.0.3+9-LTS");
        archive(cacheDir.resolve("reactor-25.0.3+9-LTS.jsa"));
        Path cache = archive(cacheDir.resolve("reactor-25.0.3+9-LTS.aot"));

        List<String> args = launch("run");

        // JDK 25 refuses to start with -XX:AOTCache and any -Xshare option together.
        assertThat(args).contains("-XX:AOTCache=" + cache, "-Xlog:aot=off").noneMatch(a -> a.startsWith("-Xshare"))
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void truncatedOrUnrecordedArchive_isNotOffered_andTheNextPlaceIsTried() throws Exception {
        release("17.0.15", "17.0.15+6-Debian-1deb12u1");
        Path truncated = archive(jarDir.resolve("reactor-17.0.15+6-Debian-1deb12u1.jsa"));
        Files.writeString(truncated, "cut sh");
        Path whole = archive(cacheDir.resolve("reactor-17.0.15+6-Debian-1deb12u1.jsa"));

        assertThat(launch("run")).contains("-XX:SharedArchiveFile=" + whole);

        Files.delete(whole.resolveSibling(whole.getFileName() + ".size"));
        assertThat(launch("run")).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void noReleaseFile_runsWithoutArchive() throws Exception {
        archive(jarDir.resolve("reactor-.jsa"));

        List<String> args = launch("--version");

        assertThat(args).noneMatch(a -> a.contains("Archive") || a.contains("AOTCache") || a.startsWith("-Xshare"));
        assertThat(args).endsWith("--version");
    }

    @Test
    void relativeJarPath_isMadeAbsolute_asArchivesRecordIt() throws Exception {
        release("17.0.15", "17.0.15+6-Debian-1deb12u1");

        List<String> args = launch(Map.of("REACTOR_JAR", "share/reactor.jar"), "run");

        assertThat(args).contains(jarDir.resolve("reactor.jar").toString());
    }

    /** A stand-in archive with its size recorded beside it, as --make-startup-archive leaves one. */
    private static Path archive(Path file) throws Exception {
        Files.writeString(file, "an archive");
        Files.writeString(file.resolveSibling(file.getFileName() + ".size"), Files.size(file) + "\n");
        return file;
    }

    private void release(String version, String runtimeVersion) throws Exception {
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + runtimeVersion
                + "\"\nJAVA_VERSION=\"" + version + "\"\n");
    }

    private List<String> launch(String... args) throws Exception {
        return launch(Map.of(), args);
    }

    private List<String> launch(Map<String, String> env, String... args) throws Exception {
        Path argsFile = temp.resolve("args");
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("sh");
        pb.command().add(LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.directory(temp.toFile());
        pb.environment().put("REACTOR_JAVA", jdk.resolve("bin/java").toString());
        pb.environment().put("REACTOR_JAR", jarDir.resolve("reactor.jar").toString());
        pb.environment().put("REACTOR_STARTUP_ARCHIVE_DIR", cacheDir.toString());
        pb.environment().put("ARGS_FILE", argsFile.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("the launcher itself prints nothing").isEmpty();
        return Files.readAllLines(argsFile);
    }
}
