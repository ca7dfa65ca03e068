package org.udevreactor.reactor.daemon.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.udevreactor.reactor.modules.ModprobeDirectories;
import org.udevreactor.rules.PolicyDirectories;

/**
 * Everything {@code reactor run} is configured with, frozen once the daemon starts. Every path to
 * the system is here so one binary runs on the host, in a VM guest and on a fake tree.
 *
 * @param sysfs              where sysfs is mounted
 * @param procfs             where procfs is mounted (modules, cmdline)
 * @param modulesDir         the module directory with depmod's output, by default this kernel's
 *                           /lib/modules/$(uname -r)
 * @param stateDir           where the daemon keeps what it can rebuild (the cached module index)
 * @param index              the cached meta.pb, by default STATE_DIR/meta-RELEASE.pb where RELEASE is
 *                           the module directory's name (so it is also `reactor meta build`'s default)
 * @param rulesDirs          policy drop-in directories, lowest precedence first
 * @param modprobeDirs       modprobe.d directories, most important first
 * @param receiveBufferBytes the netlink socket's receive buffer to ask for
 * @param workers            how many events are handled at once at most (blocking work: loads, binds)
 * @param comingTimeout      how long a load waits for a module another loader is still initialising
 * @param control            the control socket and the Prometheus port
 */
public record DaemonSettings(Path sysfs, Path procfs, Path modulesDir, Path stateDir, Path index, List<Path> rulesDirs,
                             List<Path> modprobeDirs, int receiveBufferBytes, int workers, Duration comingTimeout,
                             ControlSettings control) {
    public static final Path DEFAULT_FILE = Path.of("/etc/reactor/reactor.toml");
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 128 * 1024 * 1024;
    public static final int DEFAULT_WORKERS = 8;

    public DaemonSettings {
        Objects.requireNonNull(sysfs, "sysfs");
        Objects.requireNonNull(procfs, "procfs");
        Objects.requireNonNull(modulesDir, "modulesDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(index, "index");
        rulesDirs = List.copyOf(rulesDirs);
        modprobeDirs = List.copyOf(modprobeDirs);
        Objects.requireNonNull(comingTimeout, "comingTimeout");
        Objects.requireNonNull(control, "control");
    }

    /** With the default control socket and no Prometheus port. */
    public DaemonSettings(Path sysfs, Path procfs, Path modulesDir, Path stateDir, Path index, List<Path> rulesDirs,
                          List<Path> modprobeDirs, int receiveBufferBytes, int workers, Duration comingTimeout) {
        this(sysfs, procfs, modulesDir, stateDir, index, rulesDirs, modprobeDirs, receiveBufferBytes, workers, comingTimeout,
                ControlSettings.DEFAULT);
    }

    /** The settings with no file at all: the running kernel's paths. */
    public static DaemonSettings defaults() {
        Path modulesDir = defaultModulesDir();
        Path stateDir = Path.of("/var/cache/udev-reactor");
        return new DaemonSettings(Path.of("/sys"), Path.of("/proc"), modulesDir, stateDir, defaultIndex(stateDir, modulesDir),
                PolicyDirectories.standard().directories(), ModprobeDirectories.SYSTEM, DEFAULT_RECEIVE_BUFFER_BYTES,
                DEFAULT_WORKERS, Duration.ofSeconds(30));
    }

    /** /lib/modules/$(uname -r): the JVM's os.version is the kernel release on Linux. */
    static Path defaultModulesDir() {
        return Path.of("/lib/modules", System.getProperty("os.version"));
    }

    static Path defaultIndex(Path stateDir, Path modulesDir) {
        return stateDir.resolve("meta-" + modulesDir.toAbsolutePath().normalize().getFileName() + ".pb");
    }

    /** The kernel command line the module loader applies (NAME.param=, modprobe.blacklist=). */
    public Path cmdline() {
        return procfs.resolve("cmdline");
    }

    public PolicyDirectories policyDirectories() {
        return new PolicyDirectories(rulesDirs);
    }
}
