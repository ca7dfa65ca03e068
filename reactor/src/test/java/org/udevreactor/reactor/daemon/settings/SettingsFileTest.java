package org.udevreactor.reactor.daemon.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.rules.PolicyError;

class SettingsFileTest {
    private static final Path FILE = Path.of("/etc/reactor/reactor.toml");

    @Test
    void read_defaultFileMissing_givesDefaults(@TempDir Path dir) throws Exception {
        assertThat(SettingsFile.read(dir.resolve("reactor.toml"), false)).isEqualTo(DaemonSettings.defaults());
    }

    @Test
    void read_namedFileMissing_isAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> SettingsFile.read(dir.resolve("reactor.toml"), true))
                .hasMessage(dir.resolve("reactor.toml") + ":0: no such file");
    }

    @Test
    void parse_emptyFile_givesDefaults() throws Exception {
        assertThat(SettingsFile.parse(FILE, "# nothing set\n")).isEqualTo(DaemonSettings.defaults());
    }

    @Test
    void parse_everyKey_overridesItsDefault() throws Exception {
        DaemonSettings s = SettingsFile.parse(FILE, """
                [paths]
                sysfs = "/fake/sys"
                procfs = "/fake/proc"
                modules_dir = "/fake/lib/modules/6.1.0-test"
                state_dir = "/fake/state"
                rules_dirs = ["/fake/rules.d"]
                modprobe_dirs = []
                [events]
                receive_buffer = 65536
                workers = 3
                [modules]
                coming_timeout = 2.5
                [control]
                socket = "/fake/run/control.sock"
                group = 118
                [metrics]
                prometheus_port = 9477
                """);
        assertThat(s.sysfs()).isEqualTo(Path.of("/fake/sys"));
        assertThat(s.procfs()).isEqualTo(Path.of("/fake/proc"));
        assertThat(s.cmdline()).isEqualTo(Path.of("/fake/proc/cmdline"));
        assertThat(s.modulesDir()).isEqualTo(Path.of("/fake/lib/modules/6.1.0-test"));
        // The index follows the state dir and the module directory's release unless set itself.
        assertThat(s.index()).isEqualTo(Path.of("/fake/state/meta-6.1.0-test.pb"));
        assertThat(s.rulesDirs()).containsExactly(Path.of("/fake/rules.d"));
        assertThat(s.modprobeDirs()).isEmpty();
        assertThat(s.receiveBufferBytes()).isEqualTo(65536);
        assertThat(s.workers()).isEqualTo(3);
        assertThat(s.comingTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.control()).isEqualTo(new ControlSettings(Path.of("/fake/run/control.sock"), OptionalInt.of(118), OptionalInt.of(9477)));
    }

    @Test
    void parse_noControlOrMetrics_defaultSocketRootOnlyNoPrometheus() throws Exception {
        assertThat(SettingsFile.parse(FILE, "[events]\nworkers = 2\n").control()).isEqualTo(ControlSettings.DEFAULT);
        assertThat(ControlSettings.DEFAULT.socket()).isEqualTo(Path.of("/run/reactor/control.sock"));
        assertThat(ControlSettings.DEFAULT.prometheusPort()).isEmpty();
    }

    @Test
    void parse_badControlAndMetrics_namedWithFileAndLine() {
        assertThatThrownBy(() -> SettingsFile.parse(FILE, "[control]\nsocket = \"run/c.sock\"\ngroup = -1\n[metrics]\nprometheus_port = 70000\n"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.errors()).map(PolicyError::toString).containsExactly(
                        "/etc/reactor/reactor.toml:2: control.socket: must be an absolute path, not \"run/c.sock\"",
                        "/etc/reactor/reactor.toml:3: control.group: must be between 0 and 2147483647, not -1",
                        "/etc/reactor/reactor.toml:5: metrics.prometheus_port: must be between 1 and 65535, not 70000"));
    }

    @Test
    void parse_indexSet_isTakenAsWritten() throws Exception {
        assertThat(SettingsFile.parse(FILE, "[paths]\nindex = \"/srv/meta.pb\"\n").index()).isEqualTo(Path.of("/srv/meta.pb"));
    }

    @Test
    void parse_badKeysAndValues_areAllReportedWithFileLineAndKey() {
        assertThatThrownBy(() -> SettingsFile.parse(FILE, """
                [paths]
                sysfs = 7
                prcfs = "/proc"
                state_dir = "var/cache"
                rules_dirs = "/etc/reactor/rules.d"

                [events]
                workers = 0
                receive_buffer = "big"

                [modules]
                coming_timeout = -1

                [logging]
                level = "debug"
                """))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.errors()).map(PolicyError::toString).containsExactly(
                        "/etc/reactor/reactor.toml:2: paths.sysfs: must be a string (an absolute path), not an integer",
                        "/etc/reactor/reactor.toml:3: paths.prcfs: unknown key; expected one of index, modprobe_dirs, modules_dir, procfs, rules_dirs, state_dir, sysfs",
                        "/etc/reactor/reactor.toml:4: paths.state_dir: must be an absolute path, not \"var/cache\"",
                        "/etc/reactor/reactor.toml:5: paths.rules_dirs: must be an array of absolute paths, not a string",
                        "/etc/reactor/reactor.toml:8: events.workers: must be between 1 and 256, not 0",
                        "/etc/reactor/reactor.toml:9: events.receive_buffer: must be an integer, not a string",
                        "/etc/reactor/reactor.toml:12: modules.coming_timeout: must be between 0 and 3600 seconds, not -1",
                        "/etc/reactor/reactor.toml:14: logging: unknown key; expected one of control, events, metrics, modules, paths"));
    }

    @Test
    void parse_tableWrittenAsValue_isATypeError() {
        assertThatThrownBy(() -> SettingsFile.parse(FILE, "paths = \"/\"\n"))
                .hasMessage("/etc/reactor/reactor.toml:1: paths: must be a table, not a string");
    }

    @Test
    void parse_syntaxError_namesTheLine() {
        assertThatThrownBy(() -> SettingsFile.parse(FILE, "[events]\nworkers = = 3\n"))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).line()).isEqualTo(2);
                    assertThat(e.errors().get(0).message()).startsWith("TOML syntax: ");
                });
    }

    @Test
    void parse_dateNoCalendarHas_isASyntaxErrorAtItsLineNotAnException() {
        assertThatThrownBy(() -> SettingsFile.parse(FILE, "[paths]\nstate_dir = 1979-05-35\n"))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).line()).isEqualTo(2);
                    assertThat(e.errors().get(0).message()).startsWith("TOML syntax: invalid date or time 1979-05-35: ");
                });
    }

    @Test
    void read_notUtf8_isAnError(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("reactor.toml"), new byte[] {(byte) 0xff, 'a'});
        assertThatThrownBy(() -> SettingsFile.read(file, true)).hasMessageEndingWith(":0: not valid UTF-8 (TOML files are UTF-8)");
    }

    @Test
    void parse_rulesDirsWithARelativeEntry_keepsTheDefaultsAndSaysWhich() {
        assertThatThrownBy(() -> SettingsFile.parse(FILE, "[paths]\nrules_dirs = [\"/etc/a\", \"b\"]\n"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.errors()).map(PolicyError::message)
                        .isEqualTo(List.of("must be an absolute path, not \"b\"")));
    }
}
