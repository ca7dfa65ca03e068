package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udevreactor.testfixtures.vm.CommandResult;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestExtension;
import org.udevreactor.testfixtures.vm.GuestSpec;

/**
 * Scenario 3: {@code reactor modprobe} loads modules into a real kernel, checked against what
 * the kernel says (/proc/modules, /sys/module) and against kmod's own plan. The guest's /etc is
 * the host's, read-only, so each test gives the loader its own modprobe.d under /tmp. Each test
 * uses modules no other test of this class loads, or unloads afterwards what it added (vfio's
 * chain, through the test variant driver), so their order does not matter.
 */
// Per test; the boot in beforeAll has its own limits. TCG on shared cores is slow, so generous.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModuleLoadingIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    /** reactor modprobe with a private modprobe.d holding these lines, and no kernel command line. */
    private static CommandResult reactorModprobe(String configName, List<String> configLines, String... args) throws IOException {
        return VM.guest().run(configScript(configName, configLines) + modprobeCommand(configName, args) + "\n");
    }

    /** Writes /tmp/modprobe.d-NAME/test.conf with these lines, and an empty kernel command line file. */
    private static String configScript(String configName, List<String> configLines) {
        String dir = "/tmp/modprobe.d-" + configName;
        StringBuilder script = new StringBuilder("mkdir -p " + dir + "\n: > " + dir + "/test.conf\n");
        for (String line : configLines) {
            script.append("echo '").append(line).append("' >> ").append(dir).append("/test.conf\n");
        }
        return script.append(": > /tmp/empty-cmdline\n").toString();
    }

    /** The reactor modprobe command line for that configuration (see {@link #configScript}). */
    private static String modprobeCommand(String configName, String... args) {
        StringBuilder command = new StringBuilder("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar modprobe"
                + " --config-dir /tmp/modprobe.d-" + configName + " --cmdline /tmp/empty-cmdline");
        for (String arg : args) {
            command.append(" '").append(arg).append("'");
        }
        return command.toString();
    }

    /**
     * The module files given to finit_module/init_module, one entry per call, from an strace log
     * written with -y (file descriptors shown with their paths): "finit_module(5</lib/...ko>, ...".
     */
    private static List<String> kernelCallFiles(String straceLog) {
        Matcher call = Pattern.compile("\\b(?:finit_module\\(\\d+<|init_module\\()([^>,]*)").matcher(straceLog);
        List<String> files = new ArrayList<>();
        while (call.find()) {
            files.add(call.group(1));
        }
        return files;
    }

    private static Set<String> loadedModules() throws IOException {
        return VM.guest().runOk("cut -d ' ' -f 1 /proc/modules").lines().collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Unloads every module that is not in {@code before}, in as many passes as their references
     * to each other need, so a test that loaded shared modules (vfio's chain) leaves the kernel as
     * the other tests expect it.
     */
    private static void unloadAllBut(Set<String> before) throws IOException {
        Set<String> added = loadedModules();
        added.removeAll(before);
        if (!added.isEmpty()) {
            VM.guest().run("for pass in 1 2 3 4 5 6 7 8; do\n  for m in " + String.join(" ", added) + "; do\n"
                    + "    [ -e /sys/module/$m ] && rmmod $m 2>/dev/null\n  done\ndone\ntrue");
        }
    }

    private static boolean inProcModules(String module) throws IOException {
        return VM.guest().run("grep -q '^" + module + " ' /proc/modules").succeeded();
    }

    /** The modules of `modprobe --show-depends`, each at its first mention, as the plan must order them. */
    private static List<String> kmodOrder(String module) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : VM.guest().runOk("modprobe --show-depends " + module).lines().toList()) {
            String[] f = line.strip().split(" ");
            if (f[0].equals("insmod")) {
                String file = f[1].substring(f[1].lastIndexOf('/') + 1);
                names.add(file.substring(0, file.indexOf('.')).replace('-', '_'));
            }
        }
        return new ArrayList<>(names);
    }

    private static List<String> loadedInOrder(String output) {
        return output.lines().filter(l -> l.startsWith("loaded ")).map(l -> l.split(" ")[1]).toList();
    }

    @Test
    void modprobe_e1000eDeviceModalias_loadsE1000eWhichBindsTheDevice() throws IOException {
        Guest guest = VM.guest();
        String bdf = PciDevices.find(guest, PciDevices.E1000E);
        String modalias = guest.read(PciDevices.sysfsPath(bdf) + "/modalias").strip();

        CommandResult result = reactorModprobe("e1000e", List.of(), modalias);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(loadedInOrder(result.output())).containsExactlyElementsOf(kmodOrder("e1000e"));
        assertThat(inProcModules("e1000e")).isTrue();
        assertThat(guest.read("/sys/module/e1000e/initstate").strip()).isEqualTo("live");
        assertThat(guest.runOk("basename \"$(readlink " + PciDevices.sysfsPath(bdf) + "/driver)\"").strip()).isEqualTo("e1000e");
    }

    @Test
    void modprobe_vfioPci_loadsWholeChainInKmodOrderAndAgainIsLive() throws IOException {
        List<String> expected = kmodOrder("vfio-pci");

        CommandResult first = reactorModprobe("vfio", List.of(), "vfio-pci");
        CommandResult again = reactorModprobe("vfio", List.of(), "vfio-pci");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(loadedInOrder(first.output())).containsExactlyElementsOf(expected);
        for (String module : expected) {
            assertThat(inProcModules(module)).as("%s in /proc/modules", module).isTrue();
        }
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output().lines().filter(l -> l.startsWith("live ")).map(l -> l.split(" ")[1]).toList())
                .containsExactlyElementsOf(expected);
        assertThat(loadedInOrder(again.output())).isEmpty();
    }

    @Test
    void modprobe_blacklistedVariantForEduVfioAlias_notLoadedWhileByNameItIs() throws IOException {
        Guest guest = VM.guest();
        String modalias = guest.read(PciDevices.sysfsPath(PciDevices.find(guest, PciDevices.EDU)) + "/modalias").strip();
        Set<String> before = loadedModules();
        try {
            CommandResult byAlias = reactorModprobe("blacklist", List.of("blacklist edu_vfio_pci"), "vfio_" + modalias);

            assertThat(byAlias.exitCode()).as(byAlias.output()).isZero();
            assertThat(byAlias.output()).contains("blacklisted edu_vfio_pci (alias vfio_" + modalias + ")");
            assertThat(guest.run("[ -e /sys/module/edu_vfio_pci ]").succeeded()).as("edu_vfio_pci loaded").isFalse();

            CommandResult byName = reactorModprobe("blacklist", List.of("blacklist edu_vfio_pci"), "edu_vfio_pci");

            assertThat(byName.exitCode()).as(byName.output()).isZero();
            assertThat(inProcModules("edu_vfio_pci")).isTrue();
        } finally {
            // The alias also loads vfio_pci's chain, which the vfio-pci test expects absent.
            unloadAllBut(before);
        }
    }

    @Test
    void modprobe_badOptionValue_failsWithEinvalNamingModuleAndParameter() throws IOException {
        CommandResult result = reactorModprobe("bad-option", List.of("options ifb numifbs=many"), "ifb");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("failed ifb (/lib/modules/", "ifb.ko): finit_module(", "\"numifbs=many\"", "EINVAL");
        assertThat(inProcModules("ifb")).isFalse();
        assertThat(VM.guest().runOk("dmesg | grep -c 'numifbs' || true").strip()).isNotEqualTo("0");
    }

    @Test
    void modprobe_optionFromCommandLineFile_reachesTheModuleParameter() throws IOException {
        Guest guest = VM.guest();
        guest.runOk("echo 'console=ttyS0 dummy.numdummies=3' > /tmp/cmdline-dummy");

        CommandResult result = guest.run("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar modprobe"
                + " --config-dir /tmp/none --cmdline /tmp/cmdline-dummy dummy");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("options=\"numdummies=3\"");
        // numdummies has no sysfs file (permission 0): the interfaces it creates show it took effect.
        assertThat(guest.runOk("ls /sys/class/net | grep -c '^dummy'").strip()).isEqualTo("3");
    }

    @Test
    void modprobe_xzZstdGzipModulesOnKernelWithoutDecompression_decompressedAndLoadedWithInitModule() throws IOException {
        Guest guest = VM.guest();
        // A tree of its own with the guest's modules compressed three ways, macvtap's chain mixing them.
        String tree = "/tmp/compressed/$(uname -r)";
        guest.runOk("set -e\nsrc=/lib/modules/$(uname -r)/kernel/drivers/net\nt=" + tree + "\nmkdir -p $t/kernel\n"
                + "xz -c $src/veth.ko > $t/kernel/veth.ko.xz\n"
                + "zstd -q -c $src/nlmon.ko > $t/kernel/nlmon.ko.zst\n"
                + "gzip -c $src/macvtap.ko > $t/kernel/macvtap.ko.gz\n"
                + "xz -c $src/macvlan.ko > $t/kernel/macvlan.ko.xz\n"
                + "zstd -q -c $src/tap.ko > $t/kernel/tap.ko.zst\n"
                + "printf '%s\\n' 'kernel/veth.ko.xz:' 'kernel/nlmon.ko.zst:' 'kernel/macvlan.ko.xz:' 'kernel/tap.ko.zst:'"
                + " 'kernel/macvtap.ko.gz: kernel/macvlan.ko.xz kernel/tap.ko.zst' > $t/modules.dep\n"
                + ": > $t/modules.alias\n: > /tmp/empty-cmdline\n");
        assertThat(guest.run("[ -e /sys/module/compression ]").succeeded())
                .as("this kernel decompresses modules itself, so init_module is not what runs").isFalse();

        CommandResult result = guest.run("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar modprobe"
                + " --modules-dir " + tree + " --config-dir /tmp/none --cmdline /tmp/empty-cmdline veth nlmon macvtap");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(loadedInOrder(result.output())).containsExactly("veth", "nlmon", "tap", "macvlan", "macvtap");
        assertThat(result.output()).contains("veth.ko.xz", "nlmon.ko.zst", "macvtap.ko.gz");
        for (String module : List.of("veth", "nlmon", "tap", "macvlan", "macvtap")) {
            assertThat(inProcModules(module)).as("%s in /proc/modules", module).isTrue();
        }
    }

    /**
     * kmod's modprobe loads the test variant driver with init_delay_ms, which holds its init, and
     * so the module's initstate, at "coming" until the test writes 0 to that parameter. A short
     * --coming-timeout gives up with ETIMEDOUT. With the default, the test releases the module
     * only once strace shows the loader polling its initstate; the loader then reports it live
     * with no kernel call of its own (strace sees none). Every module it brought in (vfio's chain
     * among them) is removed afterwards, so the other tests see the kernel as without this one.
     */
    @Test
    void modprobe_moduleStillComing_shortBoundTimesOutDefaultWaitsUntilLiveWithoutLoadingAgain() throws IOException {
        Guest guest = VM.guest();
        String module = "/sys/module/edu_vfio_pci";
        if (inProcModules("edu_vfio_pci")) {
            guest.runOk("rmmod edu_vfio_pci");
        }
        Set<String> before = loadedModules();
        guest.runOk("rm -f /tmp/coming.rc\n"
                + "(modprobe edu_vfio_pci init_delay_ms=600000; echo $? > /tmp/coming.rc) > /tmp/coming.log 2>&1 </dev/null &\n");
        try {
            guest.await("[ \"$(cat " + module + "/initstate 2>/dev/null)\" = coming ]", Duration.ofSeconds(60));

            CommandResult bounded = reactorModprobe("coming", List.of(), "--coming-timeout", "1", "edu_vfio_pci");
            CommandResult waited = guest.run(configScript("coming", List.of())
                    + "strace -f --seccomp-bpf -e trace=finit_module,init_module,openat -y -o /tmp/coming.strace "
                    + modprobeCommand("coming", "edu_vfio_pci") + " > /tmp/waited.out 2>&1 &\n"
                    + "pid=$!\n"
                    // Two reads of its initstate after the first: the loader is in its wait loop.
                    + "i=0\nuntil n=$(grep -c 'edu_vfio_pci/initstate' /tmp/coming.strace 2>/dev/null); [ \"${n:-0}\" -ge 3 ]; do\n"
                    + "  i=$((i + 1)); if [ $i -ge 3000 ] || ! kill -0 $pid; then cat /tmp/waited.out; exit 124; fi\n"
                    + "  sleep 0.1\ndone\n"
                    + "echo \"released while $(cat " + module + "/initstate)\"\n"
                    + "echo 0 > " + module + "/parameters/init_delay_ms\n"
                    + "wait $pid\nrc=$?\ncat /tmp/waited.out\nexit $rc\n", Duration.ofMinutes(6));

            assertThat(bounded.exitCode()).as(bounded.output()).isEqualTo(1);
            assertThat(bounded.output()).contains("failed edu_vfio_pci (", "still coming after 1000 ms", "ETIMEDOUT");
            assertThat(waited.exitCode()).as(waited.output()).isZero();
            assertThat(waited.output()).contains("released while coming", "\nlive edu_vfio_pci\n", "total: 0 kernel calls");
            assertThat(kernelCallFiles(guest.read("/tmp/coming.strace"))).isEmpty();
            guest.await("[ -e /tmp/coming.rc ]", Duration.ofSeconds(60));
            assertThat(guest.read("/tmp/coming.rc").strip()).as(guest.read("/tmp/coming.log")).isEqualTo("0");
            assertThat(guest.read(module + "/initstate").strip()).isEqualTo("live");
        } finally {
            guest.run("echo 0 > " + module + "/parameters/init_delay_ms 2>/dev/null\n"
                    + "i=0; while [ ! -e /tmp/coming.rc ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done");
            unloadAllBut(before);
        }
    }

    /**
     * Single-flight against the real kernel, seen from outside the JVM: sixteen requests, eight at
     * a time, for vxlan and geneve, which share udp_tunnel and ip6_udp_tunnel. strace counts the
     * process's finit_module calls: exactly one per module. Several requests reporting "loaded"
     * for the same module show that they shared one call, not merely found it loaded.
     */
    @Test
    void modprobe_sixteenConcurrentRequestsSharingModules_oneFinitModuleCallPerModule() throws IOException {
        Guest guest = VM.guest();
        List<String> args = new ArrayList<>(List.of("--jobs", "8"));
        for (int i = 0; i < 8; i++) {
            args.add("vxlan");
            args.add("geneve");
        }

        CommandResult result = guest.run(configScript("jobs", List.of())
                + "strace -f --seccomp-bpf -e trace=finit_module,init_module -y -o /tmp/jobs.strace "
                + modprobeCommand("jobs", args.toArray(String[]::new)) + "\n");

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> calls = kernelCallFiles(guest.read("/tmp/jobs.strace"));
        assertThat(calls.stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).sorted().toList()).as(String.join("\n", calls))
                .containsExactly("geneve.ko", "ip6_udp_tunnel.ko", "udp_tunnel.ko", "vxlan.ko");
        assertThat(result.output()).contains("total: 4 kernel calls, ");
        for (String module : List.of("udp_tunnel", "ip6_udp_tunnel", "vxlan", "geneve")) {
            assertThat(inProcModules(module)).as("%s in /proc/modules", module).isTrue();
        }
        long loadedUdpTunnel = result.output().lines().filter(l -> l.startsWith("loaded udp_tunnel ")).count();
        long liveUdpTunnel = result.output().lines().filter(l -> l.equals("live udp_tunnel")).count();
        System.out.printf("single-flight: udp_tunnel reported loaded by %d requests, live by %d%n", loadedUdpTunnel, liveUdpTunnel);
        assertThat(loadedUdpTunnel + liveUdpTunnel).isEqualTo(16);
        assertThat(loadedUdpTunnel).as("requests that shared the one udp_tunnel load\n%s", result.output()).isGreaterThan(1);
    }
}
