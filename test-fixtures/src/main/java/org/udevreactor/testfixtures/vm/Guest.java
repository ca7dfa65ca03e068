package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running QEMU guest with Debian's kernel, booted from the cache that {@link VmEnvironment}
 * provisions. Scripts run in a chroot whose /usr and /etc are the host's (read-only), so
 * java, kmod and coreutils are there; /results is a writable share of WORKDIR/results.
 * Nothing loads modules in the guest unless a test does: there is no udev.
 *
 * <p>Times are generous on purpose: TCG on two shared cores is slow and uneven.
 */
public final class Guest implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);
    /** Where the guest mounts the directory of {@link GuestSpec#reactorJar()} (see guest/init). */
    static final String GUEST_JAR_DIR = "/opt/reactor/";
    /** C1 only: the JIT's second tier costs more than it saves in short runs under TCG. */
    static final List<String> GUEST_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-Xmx256m");

    private static final AtomicInteger BOOTS = new AtomicInteger();

    private final GuestSpec spec;
    private final Path workDir;
    private final Path socketDir;
    private final Process qemu;
    private final SerialConsole console;
    private final List<GuestProcess> processes = new ArrayList<>();
    private QmpClient qmp;
    private AgentChannel agent;
    private int hotplugs;

    private Guest(GuestSpec spec, Path workDir, Path socketDir, Process qemu) {
        this.spec = spec;
        this.workDir = workDir;
        this.socketDir = socketDir;
        this.qemu = qemu;
        this.console = new SerialConsole(workDir.resolve("serial.log"));
    }

    /** Provisions the kernel if the cache lacks it, boots, and returns once the guest agent answers. */
    public static Guest boot(GuestSpec spec) throws IOException {
        return boot(spec, VmEnvironment.kernel());
    }

    static Guest boot(GuestSpec spec, ProvisionedKernel kernel) throws IOException {
        long start = System.nanoTime();
        Path workDir = newWorkDir();
        // Unix socket paths are limited to 108 bytes; the work dir may sit deep in a CI clone.
        Path socketDir = Files.createTempDirectory("urvm");
        Path results = Files.createDirectories(workDir.resolve("results"));
        QemuCommandLine.Paths paths = new QemuCommandLine.Paths(Initramfs.build(kernel, workDir),
                workDir.resolve("serial.log"), socketDir.resolve("qmp.sock"), socketDir.resolve("agent.sock"), results);
        GuestSpec shared = withExistingJarDir(spec, workDir);
        List<String> argv = QemuCommandLine.build(shared, kernel, paths);
        Files.writeString(workDir.resolve("qemu.cmdline"), String.join(" ", argv) + "\n");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("qemu.log").toFile()).start();
        Guest guest = new Guest(shared, workDir, socketDir, process);
        try {
            guest.qmp = QmpClient.connect(paths.qmpSocket(), Duration.ofSeconds(30));
            guest.agent = AgentChannel.connect(paths.agentSocket(), results, Duration.ofSeconds(30));
            guest.console.await(SerialConsole.MARKER_PREFIX + "agent ready", BOOT_TIMEOUT, process::isAlive);
            guest.runOk("true");
        } catch (IOException | RuntimeException e) {
            String diagnostics = guest.diagnostics();
            guest.close();
            throw new IOException("guest boot failed (" + kernel.abi() + ", work dir " + workDir + "): "
                    + e.getMessage() + "\n" + diagnostics, e);
        }
        System.out.printf("[vm] guest %s booted in %d ms, work dir %s%n", kernel.abi(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), workDir);
        return guest;
    }

    private static Path newWorkDir() throws IOException {
        String configured = System.getProperty("vm.work.dir");
        Path root = configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "udev-reactor-vm");
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + BOOTS.incrementAndGet();
        return Files.createDirectories(root.resolve("boot-" + name)).toAbsolutePath();
    }

    /** QEMU refuses to share a directory that does not exist; a missing jar is reported by startReactor. */
    private static GuestSpec withExistingJarDir(GuestSpec spec, Path workDir) throws IOException {
        if (Files.isDirectory(spec.reactorJar().toAbsolutePath().getParent())) {
            return spec;
        }
        Path empty = Files.createDirectories(workDir.resolve("no-reactor-jar"));
        return new GuestSpec(spec.memoryMib(), spec.devices(), spec.spareRootPorts(),
                empty.resolve(spec.reactorJar().getFileName()), spec.cpus());
    }

    /** Runs a POSIX sh script in the guest and returns whatever it exited with. */
    public CommandResult run(String script) throws IOException {
        return run(script, DEFAULT_TIMEOUT);
    }

    public CommandResult run(String script, Duration timeout) throws IOException {
        return agent.run(script, timeout);
    }

    /** Runs a script that must succeed and returns its output; a failure shows script and output. */
    public String runOk(String script) throws IOException {
        CommandResult result = run(script);
        if (!result.succeeded()) {
            throw new IOException(result.toString());
        }
        return result.output();
    }

    /** The content of a file in the guest, e.g. a sysfs attribute. */
    public String read(String guestPath) throws IOException {
        return runOk("cat -- " + Shell.quote(guestPath));
    }

    /** Polls a shell condition inside the guest every 0.1 s until it holds. */
    public void await(String shellCondition, Duration timeout) throws IOException {
        long tries = Math.max(1, timeout.toMillis() / 100);
        CommandResult result = run("i=0\nuntil " + shellCondition + "\ndo\n  i=$((i + 1))\n  [ $i -ge " + tries
                + " ] && exit 124\n  sleep 0.1\ndone\n", timeout.plusSeconds(60));
        if (!result.succeeded()) {
            throw new GuestTimeoutException("guest condition did not hold within " + timeout + ": " + shellCondition
                    + "\n" + result.output());
        }
    }

    /**
     * Plugs a new device into an empty PCIe root port ({@link GuestSpec#rootPortId}) and returns
     * its QEMU id. The device is in the guest's sysfs some hundred milliseconds later: callers
     * wait for it with {@link #await}.
     */
    public String hotplug(String driver, String bus) throws IOException {
        String id = "hp" + ++hotplugs;
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("driver", driver);
        args.put("bus", bus);
        args.put("id", id);
        qmp.execute("device_add", args, Duration.ofSeconds(30));
        return id;
    }

    /** Asks the guest to release a device and waits until QEMU reports it gone (DEVICE_DELETED). */
    public void unplug(String id) throws IOException {
        qmp.execute("device_del", Map.of("id", id), Duration.ofSeconds(30));
        qmp.awaitEvent("DEVICE_DELETED", data -> id.equals(data.get("device")), DEFAULT_TIMEOUT);
    }

    /** Starts a shell command in the background; its output goes to results/NAME-N.log. */
    public GuestProcess start(String name, String command) throws IOException {
        String file = name + "-" + (processes.size() + 1);
        String script = "cd /tmp\n" + command + " >/results/" + file + ".log 2>&1 </dev/null &\necho $!\n";
        int pid = Integer.parseInt(runOk(script).trim());
        GuestProcess process = new GuestProcess(this, name, pid, workDir.resolve("results").resolve(file + ".log"));
        processes.add(process);
        return process;
    }

    /** Runs the project's reactor.jar in the guest with these arguments, e.g. "monitor", "--json". */
    public GuestProcess startReactor(String... args) throws IOException {
        Path jar = spec.reactorJar().toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no reactor jar at " + jar + ": build it first (mvn -B -pl reactor -am package)");
        }
        List<String> argv = new ArrayList<>(List.of("java"));
        argv.addAll(GUEST_JVM_FLAGS);
        argv.add("-jar");
        argv.add(GUEST_JAR_DIR + jar.getFileName());
        argv.addAll(List.of(args));
        return start("reactor", "exec " + Shell.quoteAll(argv));
    }

    /**
     * The serial console's tail, the kernel log (the console shows warnings only), QEMU's own
     * output and each background process's log.
     */
    public String diagnostics() {
        StringBuilder out = new StringBuilder();
        section(out, "guest serial console, last 80 lines (" + workDir.resolve("serial.log") + ")", () -> console.tail(80));
        section(out, "guest dmesg, last 60 lines", () -> {
            if (agent == null || !qemu.isAlive()) {
                return "(guest not running)";
            }
            return agent.run("dmesg | tail -n 60", Duration.ofSeconds(20)).output();
        });
        section(out, "qemu output", () -> HostCommand.tail(Files.readString(workDir.resolve("qemu.log"))));
        for (GuestProcess process : processes) {
            section(out, "log of " + process, () -> HostCommand.tail(process.log()));
        }
        return out.toString();
    }

    private interface Text {
        String get() throws IOException;
    }

    private static void section(StringBuilder out, String title, Text text) {
        out.append("===== ").append(title).append(" =====\n");
        try {
            out.append(text.get());
        } catch (IOException | RuntimeException e) {
            out.append("(unavailable: ").append(e).append(')');
        }
        out.append('\n');
    }

    /** Stops QEMU at once: the guest holds nothing worth a clean shutdown. */
    @Override
    public void close() {
        try {
            if (qmp != null && qemu.isAlive()) {
                qmp.execute("quit", Map.of(), Duration.ofSeconds(10));
            }
        } catch (IOException e) {
            // QEMU may close the socket before answering "quit"; it is killed below if it lingers.
        }
        try {
            if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            qemu.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        closeQuietly(agent);
        closeQuietly(qmp);
        try {
            KernelProvisioner.deleteTree(socketDir);
        } catch (IOException e) {
            System.out.println("[vm] cannot remove " + socketDir + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing a socket to a QEMU that is already gone: nothing to report.
        }
    }
}
