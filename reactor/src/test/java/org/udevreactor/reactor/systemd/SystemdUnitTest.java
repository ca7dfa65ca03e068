package org.udevreactor.reactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd/reactor.service and systemd/reactor.tmpfiles as systemd itself reads them:
 * {@code systemd-analyze verify} (which also checks that ExecStart is executable) and
 * {@code systemd-tmpfiles --create --root}. Both tools report many problems as warnings with
 * exit status 0, so any output counts as a failure; a broken copy proves the check can fail.
 */
class SystemdUnitTest {
    private static final Path SYSTEMD_DIR = Path.of(System.getProperty("basedir", "."), "..", "systemd").normalize();
    private static final Path UNIT = SYSTEMD_DIR.resolve("reactor.service");
    private static final Path TMPFILES = SYSTEMD_DIR.resolve("reactor.tmpfiles");
    private static final Path LAUNCHER = SYSTEMD_DIR.resolve("reactor");
    private static final String INSTALLED_LAUNCHER = "/usr/bin/reactor";

    @TempDir
    Path temp;

    @Test
    void verify_unitAsShipped_noErrorsNoWarnings() throws Exception {
        Result result = verify(unitWithLauncherInRepo());

        assertThat(result.output).as("systemd-analyze verify output").isEmpty();
        assertThat(result.status).isZero();
    }

    @Test
    void verify_misspelledHardeningKey_isReported() throws Exception {
        String broken = unitWithLauncherInRepo().replace("ProtectHome=yes", "ProtectHomes=yes");

        Result result = verify(broken);

        assertThat(result.output).contains("Unknown key 'ProtectHomes'");
    }

    @Test
    void unit_keepsWhatLoadingModulesAndWritingSysfsNeed() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);

        assertThat(lines).contains("Type=notify", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID",
                "Before=libvirtd.service", "ExecStart=" + INSTALLED_LAUNCHER + " run");
        assertThat(value(lines, "CapabilityBoundingSet")).contains("CAP_SYS_MODULE");
        assertThat(value(lines, "WatchdogSec")).isNotEmpty();
        // Each of these set to yes would take away module loading or sysfs writes.
        assertThat(value(lines, "ProtectKernelModules")).isEqualTo("no");
        assertThat(value(lines, "ProtectKernelTunables")).isEqualTo("no");
        assertThat(value(lines, "PrivateDevices")).isEqualTo("no");
        assertThat(value(lines, "ProtectSystem")).isEqualTo("strict");
        assertThat(lines).as("/run/reactor stays writable under ProtectSystem=strict").contains("RuntimeDirectory=reactor");
    }

    @Test
    void tmpfiles_createsRunReactorAndItsRulesDirectory() throws Exception {
        Path root = Files.createDirectory(temp.resolve("root"));

        Result result = run(List.of("systemd-tmpfiles", "--create", "--root=" + root, TMPFILES.toAbsolutePath().toString()));

        assertThat(result.output).isEmpty();
        assertThat(result.status).isZero();
        for (String dir : List.of("run/reactor", "run/reactor/rules.d")) {
            assertThat(root.resolve(dir)).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(dir)))).isEqualTo("rwxr-xr-x");
        }
    }

    @Test
    void tmpfiles_brokenLine_isRejected() throws Exception {
        Path broken = temp.resolve("broken.conf");
        Files.writeString(broken, Files.readString(TMPFILES) + "bogus /run/reactor/x\n");

        Result result = run(List.of("systemd-tmpfiles", "--create", "--root=" + temp, broken.toString()));

        assertThat(result.status).isNotZero();
        assertThat(result.output).contains("broken.conf:");
    }

    @Test
    void launcher_runsTheJarGiven() throws Exception {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "reactor.jar");
        // Only after `package`: the unit tests run before the jar exists in a plain `mvn test`.
        if (!Files.isRegularFile(jar)) {
            System.out.println("SystemdUnitTest: launcher not run: " + jar + " is not built yet (runs in verify)");
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--version").redirectErrorStream(true);
        pb.environment().put("REACTOR_JAR", jar.toString());
        Result result = collect(pb.start());

        assertThat(result.status).as(result.output).isZero();
        assertThat(result.output).startsWith("reactor 0.");
    }

    /** The unit with ExecStart pointing at the launcher in this repository: verify needs it to exist. */
    private static String unitWithLauncherInRepo() throws IOException {
        assertThat(LAUNCHER).isExecutable();
        return Files.readString(UNIT).replace("ExecStart=" + INSTALLED_LAUNCHER + " ", "ExecStart=" + LAUNCHER.toAbsolutePath() + " ");
    }

    private Result verify(String unitText) throws Exception {
        Path unit = temp.resolve("reactor.service");
        Files.writeString(unit, unitText);
        return run(List.of("systemd-analyze", "verify", "--man=no", unit.toString()));
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .reduce((a, b) -> b).orElse("");
    }

    private static Result run(List<String> command) throws Exception {
        return collect(new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start());
    }

    private static Result collect(Process process) throws Exception {
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    }

    private record Result(int status, String output) {}
}
