package org.udevreactor.reactor.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal or terminal format, decided as systemd intends, the level switch, and what each looks
 * like from a real JVM configured as every reactor command is ({@link StderrLogConfigurator},
 * found by Logback through META-INF/services).
 */
class LogPatternTest {
    @TempDir
    Path temp;

    @Test
    void prefix_eachLevel_syslogPriority() {
        assertThat(SyslogPriority.prefix(Level.ERROR)).isEqualTo("<3>");
        assertThat(SyslogPriority.prefix(Level.WARN)).isEqualTo("<4>");
        assertThat(SyslogPriority.prefix(Level.INFO)).isEqualTo("<6>");
        assertThat(SyslogPriority.prefix(Level.DEBUG)).isEqualTo("<7>");
        assertThat(SyslogPriority.prefix(Level.TRACE)).isEqualTo("<7>");
    }

    @Test
    void choose_journalStreamIsStderr_journal_otherwiseTerminal() {
        assertThat(LogPattern.choose("8:123", Optional.of("8:123"))).isEqualTo(LogPattern.JOURNAL);
        assertThat(LogPattern.choose("8:123", Optional.of("8:124"))).isEqualTo(LogPattern.TERMINAL);
        assertThat(LogPattern.choose(null, Optional.of("8:123"))).isEqualTo(LogPattern.TERMINAL);
        assertThat(LogPattern.choose("8:123", Optional.empty())).isEqualTo(LogPattern.TERMINAL);
    }

    @Test
    void stderrDeviceAndInode_isWhatStatSays() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "x");

        assertThat(LogPattern.stderrDeviceAndInode(file)).contains(stat(file));
    }

    @Test
    void rootLevel_propertyThenEnvironment_infoWhenNeither() {
        assertThat(StderrLogConfigurator.rootLevel(null, null)).isEqualTo(Level.INFO);
        assertThat(StderrLogConfigurator.rootLevel("", "")).isEqualTo(Level.INFO);
        assertThat(StderrLogConfigurator.rootLevel(null, "debug")).isEqualTo(Level.DEBUG);
        assertThat(StderrLogConfigurator.rootLevel("WARN", "DEBUG")).isEqualTo(Level.WARN);
        assertThat(StderrLogConfigurator.rootLevel("", "ERROR")).isEqualTo(Level.ERROR);
        // Logback's reading of a name it does not know, as logback.xml's level attribute had it.
        assertThat(StderrLogConfigurator.rootLevel("verbose", null)).isEqualTo(Level.DEBUG);
    }

    @Test
    void child_stderrIsTheJournalStream_priorityPrefixesNoTimestamps() throws Exception {
        Path err = temp.resolve("err");
        Files.createFile(err);

        List<String> lines = runChild(err, Map.of("JOURNAL_STREAM", stat(err)));

        assertThat(lines).containsExactly("<3>daemon: add /devices/x (pci) #7: failed", "<4>daemon: lost 3 events", "<6>daemon: ready",
                "<3>DnsServerAddressStreamProviders: shown: netty's errors");
    }

    @Test
    void child_journalStreamOfAnotherFile_timestampedLines() throws Exception {
        Path err = temp.resolve("err");
        Path other = Files.writeString(temp.resolve("other"), "");

        List<String> lines = runChild(err, Map.of("JOURNAL_STREAM", stat(other)));

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR daemon: add /devices/x \\(pci\\) #7: failed");
        assertThat(lines.get(2)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  daemon: ready");
        assertThat(lines.get(3)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR DnsServerAddressStreamProviders: shown: netty's errors");
    }

    @Test
    void child_levelFromEnvironment_debugLinesToo() throws Exception {
        Path err = temp.resolve("err");
        Files.createFile(err);

        List<String> lines = runChild(err, Map.of("JOURNAL_STREAM", stat(err), "REACTOR_LOG_LEVEL", "DEBUG"));

        assertThat(lines).containsExactly("<3>daemon: add /devices/x (pci) #7: failed", "<4>daemon: lost 3 events", "<6>daemon: ready",
                "<7>daemon: timing: shown at DEBUG only", "<3>DnsServerAddressStreamProviders: shown: netty's errors");
    }

    @Test
    void child_levelFromSystemProperty_overridesTheEnvironment() throws Exception {
        Path err = temp.resolve("err");
        Files.createFile(err);

        List<String> lines = runChild(err, Map.of("JOURNAL_STREAM", stat(err), "REACTOR_LOG_LEVEL", "DEBUG"), "-DREACTOR_LOG_LEVEL=WARN");

        assertThat(lines).containsExactly("<3>daemon: add /devices/x (pci) #7: failed", "<4>daemon: lost 3 events",
                "<3>DnsServerAddressStreamProviders: shown: netty's errors");
    }

    @Test
    void child_configurationFileNamed_thatFileApplies() throws Exception {
        Path err = temp.resolve("err");
        Files.createFile(err);
        Path config = Files.writeString(temp.resolve("own.xml"), """
                <configuration>
                  <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>own %level %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="E"/></root>
                </configuration>
                """);

        List<String> lines = runChild(err, Map.of("JOURNAL_STREAM", stat(err)), "-Dlogback.configurationFile=" + config);

        assertThat(lines).containsExactly("own ERROR add /devices/x (pci) #7: failed", "own WARN lost 3 events",
                "own WARN no network interfaces: hidden", "own ERROR shown: netty's errors");
    }

    /** The child's stderr goes to {@code err}, with {@code env} added to its environment. */
    private static List<String> runChild(Path err, Map<String, String> env, String... jvmOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        // The test class path also holds netlink's test jar and its logback-test.xml: the
        // configurator ranks before Logback's search for it, as it must for the daemon.
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LogLines.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().remove("REACTOR_LOG_LEVEL");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Logback prints its own status there when the configuration has a problem.
        assertThat(stdout).as("stdout").isEmpty();
        return Files.readAllLines(err, StandardCharsets.UTF_8);
    }

    /** DEV:INO as systemd writes JOURNAL_STREAM, from stat(1) rather than from the code under test. */
    private static String stat(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-L", "-c", "%d:%i", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
