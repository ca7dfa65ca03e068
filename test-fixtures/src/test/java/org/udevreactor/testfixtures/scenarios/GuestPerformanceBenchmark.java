package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestExtension;
import org.udevreactor.testfixtures.vm.GuestProcess;
import org.udevreactor.testfixtures.vm.GuestSpec;
import org.udevreactor.testfixtures.vm.KernelTrace;

/**
 * Benchmarks in the QEMU guest, one boot for both. Not part of {@code mvn verify} (the name does
 * not end in IT); run with {@code -Dit.test=GuestPerformanceBenchmark} (see README, "Performance:
 * in the guest"). Times come from the guest kernel's trace clock and the daemon's own timing
 * lines; they are printed as tables, never asserted. What is asserted is that the work was done:
 * every module live, the device on vfio-pci with vfio-dev.
 *
 * <ol>
 *   <li>Coldplug head to head: from exec until every module that the devices present need is
 *   live ({@code modprobe -R} of every modalias in sysfs, built-in ones left out), for
 *   systemd-udevd + {@code udevadm trigger --action=add} + {@code udevadm settle} (the host's
 *   udev, run in the guest) and for {@code reactor run --once}: as {@code java -jar}, and as it
 *   runs when installed, through the launcher ({@code systemd/reactor}, its JVM flags and a
 *   startup archive that {@code reactor --make-startup-archive} made in the guest for that JVM:
 *   JDK 17's AppCDS, JDK 25's AOT cache), with every module unloaded before each run. One
 *   warm-up run of udevd and of the reactor, then rounds in turn (the host's page cache behind
 *   the 9p shares is warm for every measured run).</li>
 *   <li>Hotplug: the daemon running with a rule sending a hot-added e1000e to vfio-pci; per
 *   add, the kernel's add, the daemon's receipt, its stages, the kernel's probe work (the sysfs
 *   writes) and vfio-dev's appearance in the kernel.</li>
 * </ol>
 * Properties: {@code guestperf.rounds} (measured rounds per side, default 2),
 * {@code guestperf.hotplugs} (default 5), {@code guestperf.jvm} (the guest JVM's flags),
 * {@code guestperf.sides} (the coldplug sides, each with JVM options of its own if given, see
 * {@link ColdplugSide#parse}), {@code guestperf.cpus} (the guest's vCPUs, default 1; more run
 * on QEMU's multi-threaded TCG, one host core each).
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestPerformanceBenchmark {
    /** vCPUs of the guest (multi-threaded TCG above 1: one host core each, nothing else may run meanwhile). */
    private static final int CPUS = Integer.getInteger("guestperf.cpus", 1);
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard().withCpus(CPUS));
    private static final int ROUNDS = Integer.getInteger("guestperf.rounds", 2);
    private static final int HOTPLUGS = Integer.getInteger("guestperf.hotplugs", 5);
    /** As the other scenarios run the guest JVM: C1 only, the second tier costs more than it saves under TCG. */
    private static final String JVM = System.getProperty("guestperf.jvm", "-XX:TieredStopAtLevel=1 -Xmx256m");
    private static final String DIR = "/tmp/perf";
    /** The jar where the launcher finds it, in the guest's own tmpfs as an installed one is on its disk. */
    private static final String JAR = DIR + "/share/reactor.jar";
    /** The launcher, systemd/reactor, as installed at /usr/bin/reactor. */
    private static final String LAUNCHER = DIR + "/reactor";
    /** Where the launcher makes and finds its startup archives (/var/cache/udev-reactor when installed). */
    private static final String ARCHIVES = DIR + "/cache";
    private static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    private static final String SETTINGS = """
            [paths]
            rules_dirs = ["%s"]
            state_dir = "/tmp/perf/state"
            """;
    /** The floor sides' jar in the guest, holding JvmFloorLoader. */
    private static final String FLOOR_JAR = DIR + "/floor.jar";
    /** The floor25 side's AOT cache, made by one training run in the guest. */
    private static final String FLOOR_CACHE = ARCHIVES + "/floor.aot";
    /** Shell functions: unload every module not loaded at boot; the modules the present devices need; the floor's files. */
    private static final String LIB = """
            unload_all() {
                for pass in 1 2 3 4 5 6 7 8 9 10; do
                    removed=0
                    for m in $(cut -d' ' -f1 /proc/modules); do
                        grep -qxF "$m" /tmp/perf/boot-modules || { rmmod "$m" 2>/dev/null && removed=1; }
                    done
                    [ $removed = 0 ] && break
                done
                echo "LEFT $(cut -d' ' -f1 /proc/modules | grep -vxF -f /tmp/perf/boot-modules | tr '\\n' ' ')"
            }
            floor_files() {
                # The files the needed modules load from, dependencies first, the CPU's modalias first
                # (its chain decides the end): what JvmFloorLoader is given, resolved by kmod untimed.
                find /sys/devices -name modalias -exec cat {} + 2>/dev/null | sort -u \
                    | awk '/^cpu:/ { print; next } { rest[n++] = $0 } END { for (i = 0; i < n; i++) print rest[i] }' \
                    | while read -r alias; do modprobe -R "$alias" 2>/dev/null; done \
                    | while read -r m; do modprobe --show-depends "$m" 2>/dev/null; done \
                    | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
            }
            needed_modules() {
                find /sys/devices -name modalias -exec cat {} + 2>/dev/null | sort -u | while read -r alias; do
                    modprobe -R "$alias" 2>/dev/null
                done | sort -u | while read -r m; do
                    case "$(modinfo -F filename "$m" 2>/dev/null)" in ""|"(builtin)") ;; *) printf '%s ' "$m" ;; esac
                done
                echo
            }
            """;

    private static KernelTrace trace;
    /** Loaded by the guest's init for its own mounts and agent: live before either side runs. */
    private static Set<String> bootModules;
    private static final List<String> REPORT = new ArrayList<>();

    /** The launcher's environment for this side's JVM, with the side's options. */
    private static String launcherEnv(ColdplugSide side) {
        return "REACTOR_JAR=" + JAR + " REACTOR_JAVA=" + (side.kind() == ColdplugSide.Kind.LAUNCHER_25 ? JDK25 : "java")
                + " REACTOR_STARTUP_ARCHIVE_DIR=" + ARCHIVES + " "
                + (side.options().isEmpty() ? "" : "REACTOR_JAVA_OPTIONS='" + side.options() + "' ");
    }

    private record ColdplugRun(ColdplugSide side, String round, int modules, double lastLiveMs, double doneMs, String note) {
    }

    @BeforeAll
    static void setUp() throws IOException {
        Guest guest = VM.guest();
        Path launcher = GuestSpec.standard().reactorJar().toAbsolutePath().getParent().getParent().getParent().resolve("systemd/reactor");
        guest.runOk("mkdir -p " + DIR + "/none.d " + DIR + "/hotplug.d " + DIR + "/state " + DIR + "/share " + ARCHIVES + " /run/udev\n"
                + "cp /opt/reactor/reactor.jar " + JAR + "\n"
                + "cat > " + LAUNCHER + " <<'LAUNCHER_EOF'\n" + Files.readString(launcher) + "LAUNCHER_EOF\n"
                + "cut -d' ' -f1 /proc/modules > " + DIR + "/boot-modules\n"
                + "cat > " + DIR + "/lib.sh <<'EOF'\n" + LIB + "EOF\n"
                + "cat > " + DIR + "/coldplug.toml <<'EOF'\n" + SETTINGS.formatted(DIR + "/none.d") + "EOF\n"
                // Also the machine's own settings, as on an installed host: the launcher's
                // --make-startup-archive trains on a start with them (the TOML reader's classes).
                + "mkdir -p /etc/reactor && cp " + DIR + "/coldplug.toml /etc/reactor/reactor.toml\n"
                + "cat > " + DIR + "/hotplug.toml <<'EOF'\n" + SETTINGS.formatted(DIR + "/hotplug.d") + "EOF\n"
                + "cat > " + DIR + "/hotplug.d/50-perf.toml <<'EOF'\n" + GuestPolicies.HOTPLUG_NIC_VFIO + "EOF\n");
        copyFloorLoader(guest);
        bootModules = new TreeSet<>(guest.runOk("cat " + DIR + "/boot-modules").lines().toList());
        trace = KernelTrace.enable(guest);
        Files.deleteIfExists(reportFile());
        String load = uptime();
        REPORT.add("guest: " + guest.runOk("uname -r").strip() + ", TCG, " + CPUS + " vCPU" + (CPUS > 1 ? "s (multi-threaded TCG)" : "")
                + "; host load average at start: " + load);
    }

    /**
     * JvmFloorLoader's class, from this test's class path, as a jar in the guest (FLOOR_JAR): JDK
     * 25's AOT cache takes jars on the class path, not directories.
     */
    private static void copyFloorLoader(Guest guest) throws IOException {
        String path = JvmFloorLoader.class.getName().replace('.', '/') + ".class";
        var jar = new java.io.ByteArrayOutputStream();
        try (var in = JvmFloorLoader.class.getClassLoader().getResourceAsStream(path);
                var out = new java.util.jar.JarOutputStream(jar)) {
            if (in == null) {
                throw new IOException("no " + path + " on the test class path");
            }
            out.putNextEntry(new java.util.jar.JarEntry(path));
            in.transferTo(out);
            out.closeEntry();
        }
        guest.runOk("base64 -d > " + FLOOR_JAR + " <<'EOF'\n"
                + java.util.Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(jar.toByteArray()) + "\nEOF\n");
    }

    private static String uptime() throws IOException {
        String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return avg[0] + " " + avg[1] + " " + avg[2];
    }

    @Test
    @Order(1)
    void coldplug_reactorAgainstUdevd_untilEveryNeededModuleIsLive() throws Exception {
        List<ColdplugSide> sides = new ArrayList<>(ColdplugSide.parse(System.getProperty("guestperf.sides", "udevd,floor17,floor25,jar,launcher17,launcher25")));
        List<ColdplugRun> runs = new ArrayList<>();
        // Archives first: the runs that make them are the JVM's first in the guest.
        List<String> archives = new ArrayList<>();
        for (ColdplugSide.Kind kind : List.of(ColdplugSide.Kind.LAUNCHER_17, ColdplugSide.Kind.LAUNCHER_25)) {
            if (sides.stream().noneMatch(side -> side.kind() == kind)) {
                continue;
            }
            if (kind == ColdplugSide.Kind.LAUNCHER_25 && !VM.guest().run("[ -x " + JDK25 + " ]").succeeded()) {
                sides.removeIf(side -> side.kind() == kind || side.kind() == ColdplugSide.Kind.FLOOR_25);
                archives.add("no " + JDK25 + " in the guest: the JDK 25 sides are left out");
                System.out.println("[perf] " + archives.get(archives.size() - 1));
            } else {
                archives.add(makeStartupArchive(ColdplugSide.plain(kind)));
            }
        }
        if (sides.stream().anyMatch(side -> side.kind() == ColdplugSide.Kind.FLOOR_25)) {
            archives.add(makeFloorCache());
        }
        runs.add(coldplug(ColdplugSide.UDEVD, "warm-up"));
        // The first reactor side's warm-up also warms the host's page cache behind the 9p shares for the others.
        sides.stream().filter(ColdplugSide::isDaemon).findFirst()
                .ifPresent(side -> runs.add(coldplug(side, "warm-up")));
        for (int round = 1; round <= ROUNDS; round++) {
            for (ColdplugSide side : sides) {
                runs.add(coldplug(side, String.valueOf(round)));
            }
        }
        List<String> table = new ArrayList<>(List.of(
                "| side | run | modules made live | exec → last module live | exec → command done | notes |",
                "|---|---|---|---|---|---|"));
        for (ColdplugRun r : runs) {
            table.add(String.format(Locale.ROOT, "| %s | %s | %d | %.2f s | %.2f s | %s |", r.side().label(), r.round(), r.modules(),
                    r.lastLiveMs() / 1000, r.doneMs() / 1000, r.note()));
        }
        double udevd = median(runs, ColdplugSide.UDEVD);
        table.add("");
        table.add("median of the measured runs, exec → last module live: " + sides.stream().map(side -> String.format(Locale.ROOT,
                "%s %.2f s (%.2f× udevd)", side.label(), median(runs, side) / 1000, median(runs, side) / udevd))
                .collect(Collectors.joining("; ")));
        table.addAll(archives);
        report("Coldplug head to head", table);
    }

    /**
     * {@code reactor --make-startup-archive} in the guest for the side's JVM, as a package's
     * postinst runs it; then proof that the launcher's JVM maps it: classes of the jar come from
     * the shared archive ("source: shared objects file") in a {@code reactor --version}.
     */
    private static String makeStartupArchive(ColdplugSide side) throws IOException {
        Guest guest = VM.guest();
        long start = System.nanoTime();
        var made = guest.run(launcherEnv(side) + "sh " + LAUNCHER + " --make-startup-archive 2>&1", Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!made.succeeded()) {
            fail("reactor --make-startup-archive for " + side.kind().label + " failed in the guest: " + made);
        }
        String shared = guest.runOk(launcherEnv(side) + "REACTOR_JAVA_OPTIONS='-Xlog:class+load=info:file=" + DIR + "/classes.log' sh "
                + LAUNCHER + " --version >/dev/null; grep -c 'org.udevreactor.*source: shared objects file' " + DIR + "/classes.log || true").strip();
        assertThat(Integer.parseInt(shared)).as("reactor classes the launcher's JVM (%s) loads from its startup archive", side.kind().label).isPositive();
        String line = String.format(Locale.ROOT, "%s: %s made in the guest in %.0f s (%s reactor classes of `reactor --version` from it)", side.label(),
                made.output().lines().filter(l -> l.startsWith("reactor: startup archive")).findFirst().orElse("archive").strip(), seconds, shared);
        System.out.println("[perf] " + line);
        return line;
    }

    /** The floor25 side's AOT cache: one run of JvmFloorLoader over the needed modules with -XX:AOTCacheOutput. */
    private static String makeFloorCache() throws IOException {
        long start = System.nanoTime();
        var made = VM.guest().run(". " + DIR + "/lib.sh\nunload_all >/dev/null\nfloor_files > " + DIR + "/floor.list\n"
                + floorCommand(JDK25, "-XX:AOTCacheOutput=" + FLOOR_CACHE) + " 2>&1 && [ -s " + FLOOR_CACHE + " ]", Duration.ofMinutes(10));
        if (!made.succeeded()) {
            fail("the floor's AOT cache was not made in the guest: " + made);
        }
        String line = String.format(Locale.ROOT, "floor25: AOT cache %s made in the guest in %.0f s", FLOOR_CACHE, (System.nanoTime() - start) / 1e9);
        System.out.println("[perf] " + line);
        return line;
    }

    private static String floorCommand(String java, String options) {
        return java + " " + JVM + " -Djnr.ffi.asm.enabled=false " + options + " -cp " + JAR + ":" + FLOOR_JAR + " "
                + JvmFloorLoader.class.getName() + " " + DIR + "/floor.list";
    }

    private static double median(List<ColdplugRun> runs, ColdplugSide side) {
        double[] values = runs.stream().filter(r -> r.side().equals(side) && !r.round().equals("warm-up"))
                .mapToDouble(ColdplugRun::lastLiveMs).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static ColdplugRun coldplug(ColdplugSide side, String round) {
        try {
            return coldplugOnce(side, round);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(side.label() + " (" + round + ")", e);
        }
    }

    private static ColdplugRun coldplugOnce(ColdplugSide side, String round) throws IOException {
        Guest guest = VM.guest();
        String state = guest.run(". " + DIR + "/lib.sh\nunload_all\necho \"NEED $(needed_modules)\"\n"
                + (side.isFloor() ? "floor_files > " + DIR + "/floor.list\n" : ""), Duration.ofMinutes(5)).output();
        Set<String> left = words(state, "LEFT");
        Set<String> needed = words(state, "NEED");
        needed.removeAll(left);
        needed.removeAll(bootModules);
        String tag = side.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.=-]+", "_");
        String log = DIR + "/" + tag + "-" + round + ".log";
        String command = switch (side.kind()) {
            case UDEVD -> "/lib/systemd/systemd-udevd --daemon && udevadm trigger --action=add && udevadm settle --timeout=600";
            case FLOOR_17 -> floorCommand("java", side.options());
            case FLOOR_25 -> floorCommand(JDK25, "-XX:AOTCache=" + FLOOR_CACHE + " " + side.options());
            case JAR -> "java " + JVM + " " + side.options() + " -jar " + JAR + " run --once --config " + DIR + "/coldplug.toml";
            case LAUNCHER_17, LAUNCHER_25 -> launcherEnv(side) + "sh " + LAUNCHER + " run --once --config " + DIR + "/coldplug.toml";
        };
        trace.clear();
        String script = "rm -rf /run/udev; mkdir -p /run/udev\n"
                + "echo start > " + KernelTrace.MARKER + "\n"
                + "( " + command + " ) > " + log + " 2>&1; rc=$?\n"
                + "echo done > " + KernelTrace.MARKER + "\n"
                + (side.kind() == ColdplugSide.Kind.UDEVD ? "udevadm control --exit >> " + log + " 2>&1\n" : "")
                + "exit $rc\n";
        var result = guest.run(script, Duration.ofMinutes(15));
        String output = guest.run("cat " + log).output();
        if (!result.succeeded()) {
            fail(side.label() + " (" + round + ") failed: " + result + "\n" + output);
        }
        List<KernelTrace.Event> events = trace.read();
        ModuleLoads loads = ModuleLoads.of(events);
        Set<String> target = new TreeSet<>(needed);
        target.removeAll(loads.failed());
        // Not live, with the direct dependencies of each: one whose dependency failed to initialise cannot load here.
        List<String> notLive = guest.runOk("for m in " + String.join(" ", target) + "; do"
                + " [ \"$(cat /sys/module/$m/initstate 2>/dev/null)\" = live ] || echo \"$m $(modinfo -F depends $m | tr , ' ')\"; done\n")
                .lines().filter(l -> !l.isBlank()).toList();
        Set<String> unloadable = new TreeSet<>(loads.failed());
        for (String line : notLive) {
            List<String> words = Arrays.asList(line.trim().split("\\s+"));
            if (words.subList(1, words.size()).stream().anyMatch(loads.failed()::contains)) {
                target.remove(words.get(0));
                unloadable.add(words.get(0));
            }
        }
        assertThat(notLive).as("modules the devices need that are not live after %s (%s), with their dependencies", side.label(), round)
                .allMatch(l -> !target.contains(l.trim().split("\\s+")[0]));
        assertThat(loads.liveAt().keySet()).as("%s (%s) loaded every needed module during the run", side.label(), round)
                .containsAll(target);
        long start = marker(events, "start");
        long done = marker(events, "done");
        long last = target.stream().mapToLong(loads.liveAt()::get).max().orElse(start);
        // When loading began: what the JVM's start costs before the first module (udevd's own start is short).
        double firstInit = (events.stream().filter(e -> e.event().equals("modinit")).mapToLong(KernelTrace.Event::nanos).min().orElse(start) - start) / 1e9;
        String note = String.format(Locale.ROOT, "first module init %.2f s after exec; ", firstInit) + "cannot initialise here (ENODEV, or a dependency's): " + (unloadable.isEmpty() ? "none" : String.join(" ", unloadable))
                + (left.isEmpty() ? "" : "; not unloadable, left out: " + String.join(" ", left));
        if (side.isFloor()) {
            note += "; " + output.lines().filter(l -> l.startsWith("floor: ")).collect(Collectors.joining("; "));
        } else if (side.isDaemon()) {
            note += "; " + readyLine(output);
            // The daemon's own lines (index, socket, each device's loads, ready), with their times: where the start went.
            output.lines().limit(120).forEach(line -> System.out.println("[perf] " + tag + " " + round + ": " + line));
        }
        // Each module's init, from exec, in the order they went live, and the task that loaded it: which chain is the last.
        System.out.println("[perf] " + tag + " " + round + ": module inits (s after exec, init → live, task): " + loads.liveAt().keySet().stream()
                .map(m -> String.format(Locale.ROOT, "%s %.2f→%.2f %s", m, (loads.initAt().get(m) - start) / 1e9,
                        (loads.liveAt().get(m) - start) / 1e9, loads.loader().get(m)))
                .collect(Collectors.joining(", ")));
        ColdplugRun run = new ColdplugRun(side, round, target.size(), (last - start) / 1e6, (done - start) / 1e6, note);
        System.out.printf(Locale.ROOT, "[perf] %s (%s): %d modules live after %.2f s, done after %.2f s; %s%n", side.label(), round,
                run.modules(), run.lastLiveMs() / 1000, run.doneMs() / 1000, note);
        return run;
    }

    private static Set<String> words(String output, String tag) {
        String line = output.lines().filter(l -> l.startsWith(tag + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + " line in the guest's output:\n" + output));
        Set<String> words = new TreeSet<>(Arrays.asList(line.substring(tag.length()).trim().split("\\s+")));
        words.remove("");
        return words;
    }

    private static long marker(List<KernelTrace.Event> events, String text) {
        return events.stream().filter(e -> e.event().equals("tracing_mark_write") && e.text().strip().equals(text))
                .mapToLong(KernelTrace.Event::nanos).findFirst()
                .orElseThrow(() -> new AssertionError("no trace marker \"" + text + "\" in the guest's trace"));
    }

    /** "coldplug 264 devices in 29.8 s, ready 49.8 s after exec" from the daemon's ready line. */
    private static String readyLine(String log) {
        Matcher m = Pattern.compile("ready: coldplug: (\\d+) devices handled in (\\d+) ms \\((\\d+) ms since exec\\)").matcher(log);
        if (!m.find()) {
            throw new AssertionError("no ready line in the reactor's output:\n" + log);
        }
        return String.format(Locale.ROOT, "ready %.2f s after exec, of which coldplug of %s devices %.2f s", Long.parseLong(m.group(3)) / 1000.0,
                m.group(1), Long.parseLong(m.group(2)) / 1000.0);
    }

    @Test
    @Order(2)
    void hotplug_e1000eToVfio_daemonShareAgainstTheKernels() throws Exception {
        Guest guest = VM.guest();
        GuestProcess daemon = guest.start("reactor-hotplug", "REACTOR_LOG_LEVEL=DEBUG exec java " + JVM
                + " -jar /opt/reactor/reactor.jar run --config " + DIR + "/hotplug.toml");
        awaitCount(daemon, Pattern.compile("ready: coldplug:"), 1, Duration.ofMinutes(5));
        Pattern timingLine = Pattern.compile("^.*\\[rule hotplug-nic-vfio\\]: timing: .*$", Pattern.MULTILINE);
        List<String> table = new ArrayList<>(List.of(
                "| add | device_add → daemon received | device_add → bus_probe_device | queued | read + decide | before writes | of which sysfs reads | driver_override | unbind | drivers_probe | verify"
                        + " | daemon's share | kernel's probe work (writes) | add → vfio-dev (kernel) | add → e1000e's probe returned (kernel) | daemon's share after it |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"));
        List<String> readLines = new ArrayList<>();
        List<double[]> steady = new ArrayList<>();
        for (int n = 1; n <= HOTPLUGS; n++) {
            trace.clear();
            List<String> before = guest.runOk("ls /sys/bus/pci/devices").lines().toList();
            String id = guest.hotplug("e1000e", GuestSpec.rootPortId(1));
            String line = awaitCount(daemon, timingLine, n, Duration.ofMinutes(3));
            String bdf = guest.runOk("ls /sys/bus/pci/devices").lines().filter(d -> !before.contains(d)).findFirst()
                    .orElseThrow(() -> new AssertionError("no new PCI device after the hotplug"));
            assertThat(line).contains("/" + bdf + " (pci)");
            assertThat(daemon.log()).contains("[rule hotplug-nic-vfio]: bound " + bdf + " → vfio-pci (vfio-dev/vfio");
            assertThat(PciDevices.driverOf(guest, bdf)).isEqualTo("vfio-pci");
            assertThat(PciDevices.vfioDev(guest, bdf)).singleElement().asString().matches("vfio\\d+");

            HotplugTiming t = HotplugTiming.parse(line);
            List<KernelTrace.Event> events = trace.read();
            long added = deviceEvent(events, "devstart", bdf::equals, 0);
            long sent = deviceEvent(events, "devadd", bdf::equals, added);
            long vfio = deviceEvent(events, "devadd", name -> name.matches("vfio\\d+"), added);
            double delivery = (t.receivedNanos() - added) / 1e6;
            double toVfio = (vfio - added) / 1e6;
            // e1000e probes the new function while the daemon reads it (the add uevent comes first): on the one
            // vCPU, and with the device lock that driver_override's read takes, the daemon waits for that probe.
            java.util.OptionalLong probed = trace.probesTraced() ? probeReturned(events, bdf, "e1000e", added) : java.util.OptionalLong.empty();
            double probedMs = probed.isPresent() ? (probed.getAsLong() - added) / 1e6 : Double.NaN;
            double afterProbe = probed.isPresent() ? daemonAfter(t, (probed.getAsLong() - t.receivedNanos()) / 1e6) : Double.NaN;
            table.add(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | **%.1f** | %.1f | %.1f | %.1f | %.1f |", n,
                    delivery, (sent - added) / 1e6, t.queuedMs(), t.decideMs(), t.stage("before writes"), t.readMs("before writes"),
                    t.stage("driver_override"), t.stage("unbind"),
                    t.stage("drivers_probe"), t.stage("verify"), t.daemonMs(), t.writesMs(), toVfio, probedMs, afterProbe));
            readLines.add("add " + n + ": sysfs reads before writes: " + t.readsOf("before writes") + "; in verify: " + t.readsOf("verify"));
            if (n > 1) {
                steady.add(new double[] {delivery, t.daemonMs(), t.writesMs(), toVfio, afterProbe});
            }
            guest.unplug(id);
            awaitCount(daemon, Pattern.compile("remove /devices/\\S*/" + Pattern.quote(bdf) + " \\(pci\\) #\\d+: removed$", Pattern.MULTILINE),
                    n, Duration.ofMinutes(2));
        }
        daemon.stop();
        table.add("");
        table.addAll(readLines);
        table.add("");
        table.add("times in ms, from the guest kernel's trace (device_add, bus_probe_device: the add uevent is sent between"
                + " the two; vfio-dev: its bus_probe_device) and the daemon's timing line; the first add also loads vfio-pci's"
                + " modules (in \"before writes\"). The daemon's share is received → verified less the writes; the unbind"
                + " write waits for e1000e's probe of the new device to finish. e1000e's probe returned: really_probe's return"
                + " for the function (the kernel's trace); the daemon's share after it counts only the daemon's time (received →"
                + " first write, last write → verified) after that moment: before it, the one vCPU and the device's lock are"
                + " also the probe's" + (trace.probesTraced() ? "" : " (not traced in this kernel: NaN)") + ".");
        if (!steady.isEmpty()) {
            double[] med = new double[5];
            for (int i = 0; i < 5; i++) {
                final int k = i;
                double[] v = steady.stream().mapToDouble(a -> a[k]).sorted().toArray();
                med[i] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            }
            table.add(String.format(Locale.ROOT, "median of adds 2–%d: device_add → received %.1f ms, daemon's share %.1f ms,"
                    + " kernel's probe work %.1f ms (daemon/kernel %.2f), add → vfio-dev %.1f ms; daemon's share after e1000e's probe"
                    + " returned %.1f ms", HOTPLUGS, med[0], med[1], med[2], med[1] / med[2], med[3], med[4]));
        }
        report("Hotplug add → verified on vfio-pci", table);
    }

    /** When {@code driver}'s probe of {@code device} (the first at or after {@code after}) returned: its task's next "probed". */
    private static java.util.OptionalLong probeReturned(List<KernelTrace.Event> events, String device, String driver, long after) {
        for (int i = 0; i < events.size(); i++) {
            KernelTrace.Event e = events.get(i);
            if (e.event().equals("probe") && e.nanos() >= after && e.field("name").orElse("").equals(device)
                    && e.field("drv").orElse("").equals(driver)) {
                for (KernelTrace.Event r : events.subList(i + 1, events.size())) {
                    if (r.event().equals("probed") && r.pid() == e.pid()) {
                        return java.util.OptionalLong.of(r.nanos());
                    }
                }
            }
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * The daemon's own time (received → first write, last write → verified: the timing line's
     * stages laid end to end from receipt) that lies after {@code fromMs} ms past receipt.
     */
    static double daemonAfter(HotplugTiming t, double fromMs) {
        double firstWrite = t.queuedMs() + t.decideMs() + t.stage("before writes");
        double lastWrite = firstWrite + t.writesMs();
        double before = Math.max(0, firstWrite - Math.max(0, fromMs));
        double after = Math.max(0, t.handledMs() - Math.max(lastWrite, fromMs));
        return before + after;
    }

    /** The first {@code event} (devstart, devadd) of a device matching {@code name} at or after {@code after}. */
    private static long deviceEvent(List<KernelTrace.Event> events, String event, java.util.function.Predicate<String> name, long after) {
        return events.stream().filter(e -> e.event().equals(event) && e.nanos() >= after && e.field("name").map(name::test).orElse(false))
                .mapToLong(KernelTrace.Event::nanos).findFirst()
                .orElseThrow(() -> new AssertionError("the guest's trace has no matching device add:\n"
                        + events.stream().map(Object::toString).collect(Collectors.joining("\n"))));
    }

    /** Waits until {@code pattern} has matched the daemon's log {@code count} times; returns the last match. */
    private static String awaitCount(GuestProcess process, Pattern pattern, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = process.log();
            Matcher m = pattern.matcher(log);
            String last = null;
            int seen = 0;
            while (m.find()) {
                seen++;
                last = m.group();
            }
            if (seen >= count) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                fail("\"" + pattern + "\" matched " + seen + " times, not " + count + ", in the daemon's log within " + timeout + ":\n" + log);
            }
            Thread.sleep(200);
        }
    }

    private static void report(String title, List<String> table) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("## " + title);
        out.addAll(REPORT);
        out.add("host load average now: " + uptime() + "; guest JVM flags: " + JVM);
        out.add("");
        out.addAll(table);
        String text = String.join("\n", out) + "\n";
        System.out.println(text);
        Path file = reportFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Both tables of the last run, also printed: test-fixtures/target/vm/guest-performance.md. */
    private static Path reportFile() {
        return Path.of(System.getProperty("vm.work.dir", "target/vm")).resolve("guest-performance.md");
    }
}
