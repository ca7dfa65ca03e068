package org.udevreactor.reactor.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal or terminal format, decided as systemd intends, and what each looks like from a real JVM. */
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
    void child_stderrIsTheJournalStream_priorityPrefixesNoTimestamps() throws Exception {
        Path err = temp.resolve("err");
        Files.createFile(err);

        List<String> lines = runChild(err, stat(err));

        assertThat(lines).containsExactly("<3>daemon: add /devices/x (pci) #7: failed", "<4>daemon: lost 3 events", "<6>daemon: ready");
    }

    @Test
    void child_journalStreamOfAnotherFile_timestampedLines() throws Exception {
        Path err = temp.resolve("err");
        Path other = Files.writeString(temp.resolve("other"), "");

        List<String> lines = runChild(err, stat(other));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR daemon: add /devices/x \\(pci\\) #7: failed");
        assertThat(lines.get(2)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  daemon: ready");
    }

    /** The child's stderr goes to {@code err}; JOURNAL_STREAM is set to {@code journalStream}. */
    private static List<String> runChild(Path err, String journalStream) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The daemon's logback.xml, named: netlink's test jar on this class path brings a
        // logback-test.xml, which logback would prefer.
        String config = Path.of(LogPattern.class.getResource("/logback.xml").toURI()).toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dlogback.configurationFile=" + config, "-cp",
                System.getProperty("java.class.path"), LogLines.class.getName())
                .redirectError(err.toFile());
        pb.environment().put("JOURNAL_STREAM", journalStream);
        pb.environment().remove("REACTOR_LOG_LEVEL");
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
