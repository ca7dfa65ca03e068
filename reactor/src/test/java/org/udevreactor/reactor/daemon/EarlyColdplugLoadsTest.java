package org.udevreactor.reactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.FakeKernel;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.modules.ModuleLoader;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyLoader;

/**
 * Coldplug's early loads over the fake host (an e1000e NIC and QEMU's edu, both with a module in
 * the index): what is loaded before the pipeline is up, what is left to it, and that the device's
 * own autoload afterwards takes the early result instead of loading again.
 */
@Timeout(30)
class EarlyColdplugLoadsTest {
    private static final String NIC_ALIAS = "pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00";
    private static final String EDU_ALIAS = "pci:v00001234d000011E8sv00001AF4sd00001100bcFFsc00i00";

    @TempDir
    Path temp;

    private SysfsRoot sysfs;
    private ModuleDirFixture modules;
    private final FakeKernel kernel = new FakeKernel();

    @BeforeEach
    void host() throws Exception {
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        // As on a real kernel, the NIC's MODALIAS is also its modalias attribute (host.tree has edu's only).
        Files.writeString(sys.resolve(DaemonFixtures.NIC.substring(1) + "/modalias"), NIC_ALIAS + "\n");
        sysfs = new SysfsRoot(sys);
        modules = new ModuleDirFixture(temp.resolve("modules"), "6.1.0-test")
                .file("modules.dep", "kernel/e1000e.ko: kernel/ptp.ko", "kernel/ptp.ko:", "kernel/edu.ko:")
                .file("modules.alias", "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e",
                        "alias pci:v00001234d000011E8sv*sd*bc*sc*i* edu");
    }

    private ModuleActions actions() throws Exception {
        LoadPlanner planner = new LoadPlanner(modules.index(), ModprobeConfig.EMPTY);
        return ModuleActions.live(planner, new ModuleLoader(planner, kernel, modules.dir(), LoaderClock.system(), ModuleLoader.Settings.DEFAULT));
    }

    private Policy policy(String rules) throws IOException {
        Path file = Files.writeString(temp.resolve("50-test.toml"), rules);
        return ((LoadResult.Loaded) PolicyLoader.loadFiles(List.of(file))).policy();
    }

    @Test
    void autoload_afterAnEarlyAutoloadOfItsModalias_takesThatResultOnceWithoutLoadingAgain() throws Exception {
        ModuleActions actions = actions();
        actions.autoloadEarly(NIC_ALIAS, Runnable::run);

        assertThat(actions.autoload(NIC_ALIAS).summary()).as("the device's own result").isEqualTo("loaded ptp, loaded e1000e");
        assertThat(actions.autoload(NIC_ALIAS).summary()).as("taken once: the next device asks the kernel").isEqualTo("live ptp, live e1000e");
        assertThat(kernel.loadedInOrder()).containsExactly("ptp", "e1000e");
    }

    @Test
    void begin_noRules_loadsEveryDevicesModuleOnceWhileColdplugHandlesTheSameDevices() throws Exception {
        ModuleActions actions = actions();
        EarlyColdplugLoads early = EarlyColdplugLoads.begin(() -> SysfsScan.devices(sysfs), sysfs, Policy.EMPTY, actions, 2);

        // Coldplug's own autoload of both, racing the early ones: taken, shared or found live, never loaded twice.
        assertThat(actions.autoload(NIC_ALIAS).ok()).isTrue();
        assertThat(actions.autoload(EDU_ALIAS).ok()).isTrue();
        assertThat(early.finish()).isEqualTo(2);

        assertThat(kernel.loadedInOrder()).containsExactlyInAnyOrder("ptp", "e1000e", "edu");
        assertThat(actions.loadStatistics().orElseThrow().kernelCalls()).isEqualTo(3);
    }

    @Test
    void finish_resultNoDeviceTook_isForgottenSoALaterAutoloadAsksTheKernelAgain() throws Exception {
        ModuleActions actions = actions();
        EarlyColdplugLoads early = EarlyColdplugLoads.begin(() -> SysfsScan.devices(sysfs), sysfs, Policy.EMPTY, actions, 1);
        early.finish();

        assertThat(actions.autoload(EDU_ALIAS).summary()).isEqualTo("live edu");
        assertThat(kernel.loadedInOrder()).containsOnlyOnce("edu");
    }

    @Test
    void begin_deviceARuleIgnoresOrBinds_getsNoEarlyLoad() throws Exception {
        Policy rules = policy("""
                [[rule]]
                name = "edu-vfio"
                action = "vfio"
                [rule.match]
                vendor = "1234"
                device = "11e8"

                [[rule]]
                name = "no-nic"
                action = "ignore"
                [rule.match]
                vendor = "8086"
                """);
        ModuleActions actions = actions();
        EarlyColdplugLoads early = EarlyColdplugLoads.begin(() -> SysfsScan.devices(sysfs), sysfs, rules, actions, 2);

        assertThat(early.finish()).isZero();
        assertThat(kernel.loadedInOrder()).isEmpty();
    }

    @Test
    void begin_deviceWithoutAModaliasAttribute_isLeftToColdplug() throws Exception {
        Files.delete(sysfs.root().resolve(DaemonFixtures.NIC.substring(1) + "/modalias"));
        ModuleActions actions = actions();

        assertThat(EarlyColdplugLoads.begin(() -> SysfsScan.devices(sysfs), sysfs, Policy.EMPTY, actions, 2).finish()).isEqualTo(1);
        assertThat(kernel.loadedInOrder()).containsExactly("edu");
    }

    @Test
    void begin_aCpu_isLoadedFirstFromTheModaliasInItsUeventFile() throws Exception {
        // As on a real kernel: a CPU has MODALIAS in its uevent file and no modalias attribute.
        Path sys = sysfs.root();
        String cpuAlias = "cpu:type:x86,ven0002fam0017mod0001:feature:,0000,0001,0002";
        Files.createDirectories(sys.resolve("devices/system/cpu/cpu0"));
        Files.writeString(sys.resolve("devices/system/cpu/cpu0/uevent"), "MODALIAS=" + cpuAlias + "\n");
        Files.createDirectories(sys.resolve("bus/cpu/devices"));
        Files.createSymbolicLink(sys.resolve("devices/system/cpu/cpu0/subsystem"), Path.of("../../../../bus/cpu"));
        Files.createSymbolicLink(sys.resolve("bus/cpu/devices/cpu0"), Path.of("../../../devices/system/cpu/cpu0"));
        modules.file("modules.dep", "kernel/e1000e.ko: kernel/ptp.ko", "kernel/ptp.ko:", "kernel/edu.ko:",
                        "kernel/aesni_intel.ko: kernel/cryptd.ko", "kernel/cryptd.ko:")
                .file("modules.alias", "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e",
                        "alias pci:v00001234d000011E8sv*sd*bc*sc*i* edu", "alias cpu:type:x86,ven*fam*mod*:feature:*0002* aesni_intel");
        ModuleActions actions = actions();
        assertThat(SysfsScan.devices(sysfs).get(0).subsystem()).as("the scan's first device").isNotEqualTo("cpu");

        EarlyColdplugLoads early = EarlyColdplugLoads.begin(() -> SysfsScan.devices(sysfs), sysfs, Policy.EMPTY, actions, 1);

        assertThat(early.finish()).isEqualTo(3);
        assertThat(kernel.loadedInOrder()).startsWith("cryptd", "aesni_intel").containsExactlyInAnyOrder("cryptd", "aesni_intel", "ptp", "e1000e", "edu");
    }

    @Test
    void close_beforeFinish_stopsWithoutHangingAndLeavesNothingToTake() throws Exception {
        ModuleActions actions = actions();
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        kernel.duringCall(module -> {
            inCall.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        EarlyColdplugLoads early = EarlyColdplugLoads.begin(() -> SysfsScan.devices(sysfs), sysfs, Policy.EMPTY, actions, 1);
        inCall.await();
        early.close();
        release.countDown();

        // Nothing begun is left waiting for the pool that is gone; what the kernel got, it got once.
        actions.endEarly();
        assertThat(actions.autoload(NIC_ALIAS).ok()).isTrue();
        assertThat(actions.autoload(EDU_ALIAS).ok()).isTrue();
        assertThat(kernel.loadedInOrder()).doesNotHaveDuplicates().containsExactlyInAnyOrder("ptp", "e1000e", "edu");
    }
}
