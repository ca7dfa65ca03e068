package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * uses modules no other test of this class loads, so their order does not matter.
 */
// Per test; the boot in beforeAll has its own limits. TCG on shared cores is slow, so generous.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModuleLoadingIT {
    @RegisterExtension
    static final GuestExtension VM = new GuestExtension(GuestSpec.standard());

    /** reactor modprobe with a private modprobe.d holding these lines, and no kernel command line. */
    private static CommandResult reactorModprobe(String configName, List<String> configLines, String... args) throws IOException {
        Guest guest = VM.guest();
        String dir = "/tmp/modprobe.d-" + configName;
        StringBuilder script = new StringBuilder("mkdir -p " + dir + "\n: > " + dir + "/test.conf\n");
        for (String line : configLines) {
            script.append("echo '").append(line).append("' >> ").append(dir).append("/test.conf\n");
        }
        script.append(": > /tmp/empty-cmdline\n");
        script.append("java -XX:TieredStopAtLevel=1 -Xmx256m -jar /opt/reactor/reactor.jar modprobe --config-dir ").append(dir)
                .append(" --cmdline /tmp/empty-cmdline");
        for (String arg : args) {
            script.append(" '").append(arg).append("'");
        }
        script.append("\n");
        return guest.run(script.toString());
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

        CommandResult byAlias = reactorModprobe("blacklist", List.of("blacklist edu_vfio_pci"), "vfio_" + modalias);

        assertThat(byAlias.exitCode()).as(byAlias.output()).isZero();
        assertThat(byAlias.output()).contains("blacklisted edu_vfio_pci (alias vfio_" + modalias + ")");
        assertThat(guest.run("[ -e /sys/module/edu_vfio_pci ]").succeeded()).as("edu_vfio_pci loaded").isFalse();

        CommandResult byName = reactorModprobe("blacklist", List.of("blacklist edu_vfio_pci"), "edu_vfio_pci");

        assertThat(byName.exitCode()).as(byName.output()).isZero();
        assertThat(inProcModules("edu_vfio_pci")).isTrue();
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
}
