package org.udevreactor.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.udevreactor.testfixtures.vm.HostCommand;

/**
 * The package as an admin meets it: {@code apt-get install ./udev-reactor_…_all.deb} on a fresh
 * Debian 12 booted with systemd, where the postinst enables and starts reactor.service with its
 * hardening; {@code reactor status} answers over the control socket; then {@code apt-get remove}
 * stops it and keeps the conffile, and {@code apt-get purge} leaves nothing named after it.
 * One boot for the whole class; the steps run in order, each on what the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebInstallIT {
    private static final Path TARGET = Path.of(System.getProperty("deb.dir", "target"));
    private static BootedDebian debian;
    private static Path rootfs;

    @BeforeAll
    static void bootFreshDebian() throws IOException {
        String cause = unavailabilityCause();
        if (cause != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IOException(cause + " (CI=true: this test must run)");
            }
            System.out.println("DebInstallIT skipped: " + cause);
            assumeTrue(false, cause);
        }
        long start = System.nanoTime();
        BaseRootfs base = BaseRootfs.provision();
        rootfs = base.copyTo(TARGET.resolve("deb-it").resolve("rootfs"));
        debian = BootedDebian.boot(rootfs, base.archives(), packageUnderTest(),
                TARGET.resolve("deb-it").resolve("console.log"));
        System.out.printf("DebInstallIT: base root, copy and boot took %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void powerOff() throws IOException {
        if (debian != null) {
            debian.close();
            HostCommand.of("rm", "-rf", rootfs.toString()).run();
        }
    }

    @Test
    @Order(1)
    void install_enablesAndStartsTheUnit_whichReportsReadyAfterColdplug() throws IOException {
        long start = System.nanoTime();
        String install = debian.run(Duration.ofMinutes(10),
                "apt-get update -q >/dev/null && apt-get install -y -q " + BootedDebian.PACKAGE);
        System.out.printf("DebInstallIT: apt-get install took %.1f s; it ended:%n%s%n", (System.nanoTime() - start) / 1e9,
                HostCommand.tail(install));
        System.out.println(debian.run("systemctl status --no-pager -l reactor.service"));

        // The postinst's start waits for READY=1 (Type=notify): by now it is up, or has failed.
        assertThat(debian.run("systemctl show -p LoadState,ActiveState,SubState,Type,NRestarts,UnitFileState reactor.service"))
                .contains("LoadState=loaded", "ActiveState=active", "SubState=running", "Type=notify", "NRestarts=0",
                        "UnitFileState=enabled");
        assertThat(debian.run("systemctl show -p StatusText --value reactor.service")).startsWith("running: ");
        assertThat(debian.run("journalctl -u reactor.service -o cat --no-pager"))
                .contains("daemon: ready: coldplug: ");
        assertThat(debian.run("ls /etc/systemd/system/multi-user.target.wants/")).contains("reactor.service");
        // The postinst made the launcher's startup archive for the installed JVM, and the daemon's JVM mapped it.
        assertThat(debian.run("ls /var/cache/udev-reactor")).containsPattern("reactor-.+\\.(jsa|aot)");
        assertThat(debian.run("grep -o '/var/cache/udev-reactor/reactor-[^ ]*' /proc/$(systemctl show -p MainPID --value"
                + " reactor.service)/maps | sort -u")).containsPattern("reactor-.+\\.(jsa|aot)");
    }

    @Test
    @Order(2)
    void status_answersOverTheControlSocket() throws IOException {
        String status = debian.run("reactor status");
        System.out.println("DebInstallIT: reactor status:\n" + status);
        String kernel = debian.run("uname -r").strip();
        assertThat(status).contains("kernel: " + kernel, "dry_run: false", "devices: ");
        assertThat(debian.run("stat -c '%F %a' /run/reactor/control.sock").strip()).isEqualTo("socket 660");
    }

    @Test
    @Order(3)
    void reload_rereadsThePolicy_withoutRestarting() throws IOException {
        String pid = debian.run("systemctl show -p MainPID --value reactor.service").strip();
        // ExecReload is /bin/kill -HUP (procps, which a minimal Debian lacks: hence the Depends).
        debian.run("systemctl reload reactor.service || { systemctl status -l --no-pager reactor.service; exit 1; }");
        // kill returns at once: the daemon sends RELOADING=1 (the unit shows "reloading"), reads
        // the policy, logs it and sends READY=1 (back to "active").
        debian.run("timeout 30 sh -c 'until journalctl -u reactor.service -o cat | grep -q \"policy reloaded: \""
                + " && test \"$(systemctl show -p ActiveState --value reactor.service)\" = active; do sleep 0.2; done'");
        assertThat(debian.run("systemctl show -p MainPID,ActiveState,NRestarts reactor.service"))
                .contains("MainPID=" + pid, "ActiveState=active", "NRestarts=0");
    }

    @Test
    @Order(4)
    void remove_stopsTheDaemonCleanly_andKeepsTheConffile() throws IOException {
        debian.run(Duration.ofMinutes(3), "apt-get remove -y -q udev-reactor");
        // inactive, not failed: a SIGTERM'd JVM exits 143, which the unit counts as success.
        assertThat(debian.run("systemctl show -p ActiveState,Result reactor.service"))
                .contains("ActiveState=inactive", "Result=success");
        assertThat(debian.run("dpkg-query -W -f '${Status}' udev-reactor")).isEqualTo("deinstall ok config-files");
        assertThat(debian.run("ls /etc/reactor")).contains("reactor.toml");
        assertThat(debian.run("test ! -e /usr/share/udev-reactor/reactor.jar && test ! -e /usr/bin/reactor && echo gone"))
                .contains("gone");
    }

    @Test
    @Order(5)
    void purge_leavesNothingOfThePackage() throws IOException {
        debian.run(Duration.ofMinutes(3), "apt-get purge -y -q udev-reactor");
        assertThat(debian.run("dpkg-query -W udev-reactor 2>&1 || true")).contains("no packages found");
        assertThat(debian.run("systemctl show -p LoadState,ActiveState reactor.service"))
                .contains("LoadState=not-found", "ActiveState=inactive");
        // Every file, link and directory named after it: the unit's enablement links, the
        // deb-systemd-helper state and mask, /etc/reactor, the index cache, /run/reactor, dpkg's records.
        assertThat(debian.run("find / /run /var /etc -xdev \\( -path /proc -o -path /sys -o -path " + BootedDebian.PACKAGE
                + " \\) -prune -o -name '*reactor*' -print | sort -u")).isEmpty();
    }

    private static Path packageUnderTest() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("udev-reactor_.*_all\\.deb")).toList();
            if (debs.size() != 1) {
                throw new IOException("expected one udev-reactor_*_all.deb in " + TARGET.toAbsolutePath() + ", found " + debs
                        + ": build it first (mvn -B -pl deb -am package)");
            }
            return debs.get(0).toAbsolutePath();
        }
    }

    /** Why this host cannot run the test (not root, not Debian, tools missing), or null. */
    private static String unavailabilityCause() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            return "it needs root (debootstrap, systemd-nspawn); running as uid " + uid;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "no /usr/bin/apt-get: not a Debian host";
        }
        for (String tool : List.of("/usr/sbin/debootstrap", "/usr/bin/systemd-nspawn", "/usr/bin/nsenter")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IOException(tool + " is missing: run tools/install-deps");
            }
        }
        return null;
    }
}
