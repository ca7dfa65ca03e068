package org.udevreactor.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.udevreactor.testfixtures.vm.HostCommand;

/**
 * A Debian root booted by {@code systemd-nspawn --boot}: its own systemd as PID 1, journald and
 * units, sharing the host's kernel, network (so apt reaches the host's mirror) and, read-only,
 * {@code /sys} (so the daemon coldplugs the host's devices and receives its uevents). Commands
 * run inside with nsenter into every namespace of the container's init.
 *
 * <p>This host's PID 1 is not systemd: there is no systemd-machined to register with and no
 * scope unit to move into, hence {@code --register=no --keep-unit}.
 */
final class BootedDebian implements AutoCloseable {
    /** Where the package under test appears inside. */
    static final String PACKAGE = "/root/package-under-test.deb";
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Process nspawn;
    private final long init;
    private final Path console;

    private BootedDebian(Process nspawn, long init, Path console) {
        this.nspawn = nspawn;
        this.init = init;
        this.console = console;
    }

    /**
     * Boots {@code rootfs} with {@code archives} as its apt download cache and {@code deb} at
     * {@link #PACKAGE}, and waits until systemd says start-up is over.
     */
    static BootedDebian boot(Path rootfs, Path archives, Path deb, Path console) throws IOException {
        List<String> argv = List.of("systemd-nspawn", "--quiet", "--register=no", "--keep-unit",
                "--console=passive", "--machine=deb-it", "--directory=" + rootfs,
                "--bind=" + archives + ":/var/cache/apt/archives", "--bind-ro=" + deb + ":" + PACKAGE, "--boot");
        Process nspawn = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(console.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        BootedDebian booted;
        try {
            booted = new BootedDebian(nspawn, awaitInit(nspawn, console), console);
        } catch (IOException e) {
            nspawn.destroyForcibly();
            throw e;
        }
        try {
            // systemctl talks to PID 1 over /run/systemd/private, which appears a moment into boot.
            booted.run(Duration.ofSeconds(60), "while ! test -S /run/systemd/private; do sleep 0.1; done");
            String state = booted.run(Duration.ofMinutes(2), "systemctl is-system-running --wait || true").strip();
            if (!state.equals("running") && !state.equals("degraded")) {
                throw new IOException("the container's systemd did not finish starting up: " + state
                        + "\n" + booted.run(Duration.ofSeconds(30), "systemctl --failed --no-pager || true"));
            }
            System.out.println("BootedDebian: " + rootfs + " booted, system " + state);
        } catch (IOException e) {
            booted.close();
            throw e;
        }
        return booted;
    }

    /** The container's systemd: nspawn's child once it has exec'd systemd. */
    private static long awaitInit(Process nspawn, Path console) throws IOException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!nspawn.isAlive()) {
                throw new IOException("systemd-nspawn exited " + nspawn.exitValue() + ": " + Files.readString(console));
            }
            Optional<ProcessHandle> init = nspawn.children()
                    .filter(child -> child.info().command().map(c -> c.endsWith("/systemd")).orElse(false))
                    .findFirst();
            if (init.isPresent()) {
                return init.get().pid();
            }
            sleep(100);
        }
        throw new IOException("no systemd started in the container within 30 s; console:\n" + Files.readString(console));
    }

    /** Runs a POSIX shell script as root in the container; a non-zero exit is an exception with its output. */
    String run(Duration timeout, String script) throws IOException {
        return HostCommand.of("nsenter", "--target", Long.toString(init), "--all", "--", "env", "-i", PATH, "LC_ALL=C",
                "DEBIAN_FRONTEND=noninteractive", "/bin/sh", "-ec", script).timeout(timeout).run();
    }

    String run(String script) throws IOException {
        return run(Duration.ofMinutes(1), script);
    }

    Path console() {
        return console;
    }

    /** Powers the container off (nspawn turns SIGTERM into systemd's halt) and waits for it. */
    @Override
    public void close() throws IOException {
        nspawn.destroy();
        try {
            if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
                nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("the container did not power off within 60 s; console: " + console);
            }
        } catch (InterruptedException e) {
            nspawn.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the container powered off", e);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the container", e);
        }
    }
}
