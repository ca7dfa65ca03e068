package org.udevreactor.reactor.binding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.FakeClock;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.modules.ModuleLoader;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DriverChoice;
import org.udevreactor.rules.GroupPolicy;
import org.udevreactor.rules.RuleRef;

/**
 * A machine like the QEMU harness's q35 guest, on the fake bus: a host bridge, the boot VGA
 * device, e1000e on its driver, edu with none, the ICH9 functions sharing group 5 (LPC, AHCI
 * with the root filesystem, SMBus), and a module tree with vfio-pci, the edu variant driver and
 * pci-stub. Time moves only when verification waits.
 */
final class BindingScene {
    static final RuleRef RULE = new RuleRef("test-rule", Path.of("/etc/reactor/rules.d/50-test.toml"), 3);

    final FakePciBus bus = new FakePciBus();
    final FakeKernelModules kernel = new FakeKernelModules(bus);
    final Path proc;
    final ModuleDirFixture modules;

    BindingScene(Path temp) throws IOException {
        bus.add("0000:00:00.0", 0x8086, 0x29c0, 0x060000).group("0");
        bus.add("0000:00:01.0", 0x1234, 0x1111, 0x030000).group("1").driver("bochs-drm").bootVga();
        bus.add("0000:00:02.0", 0x8086, 0x10d3, 0x020000).group("2").driver("e1000e").child("net", "ens2", null);
        bus.add("0000:00:03.0", 0x1234, 0x11e8, 0x00ff00).group("3");
        bus.add("0000:00:1f.0", 0x8086, 0x2918, 0x060100).group("5").driver("lpc_ich");
        bus.add("0000:00:1f.2", 0x8086, 0x2922, 0x010601).group("5").driver("ahci")
                .child("block", "sda", "8:0").child("block", "sda1", "8:1");
        bus.add("0000:00:1f.3", 0x8086, 0x2930, 0x0c0500).group("5").driver("i801_smbus");
        for (String driver : new String[] {"bochs-drm", "lpc_ich", "ahci", "i801_smbus"}) {
            bus.register(driver);
        }
        bus.provides("e1000e", "e1000e").matches(0x8086, 0x10d3);
        bus.provides("vfio_pci", "vfio-pci").vfio();
        bus.provides("edu_vfio_pci", "edu_vfio_pci").vfio();
        bus.provides("pci_stub", "pci-stub");
        kernel.live("e1000e");

        modules = new ModuleDirFixture(temp.resolve("modules"), "6.1.0-test")
                .file("modules.dep",
                        "kernel/drivers/vfio/vfio.ko:",
                        "kernel/drivers/vfio/vfio_iommu_type1.ko: kernel/drivers/vfio/vfio.ko",
                        "kernel/drivers/vfio/pci/vfio-pci-core.ko: kernel/drivers/vfio/vfio.ko",
                        "kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/vfio.ko",
                        "updates/edu_vfio_pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/vfio.ko",
                        "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko:",
                        "kernel/drivers/pci/pci-stub.ko:")
                .file("modules.alias",
                        "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci",
                        "alias vfio_pci:v00001234d000011E8sv*sd*bc*sc*i* edu_vfio_pci",
                        "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e")
                .file("modules.softdep", "softdep vfio_pci pre: vfio_iommu_type1");

        proc = temp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("self/mountinfo"),
                "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                        + "27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
        defaultRouteVia("eth9");
    }

    /** A GPU (01:00.0, on nouveau) and its HD audio function (01:00.1, on snd_hda_intel), both in group 7. */
    void addGpuGroup() {
        bus.add("0000:01:00.0", 0x10de, 0x1b80, 0x030000).group("7").driver("nouveau");
        bus.add("0000:01:00.1", 0x10de, 0x10f0, 0x040300).group("7").driver("snd_hda_intel");
        bus.register("nouveau").matches(0x10de, 0x1b80);
        bus.register("snd_hda_intel").matches(0x10de, 0x10f0);
    }

    void defaultRouteVia(String iface) throws IOException {
        Files.writeString(proc.resolve("net/route"),
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
                        + iface + "\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
    }

    Binder binder() throws IOException {
        return binder(bus);
    }

    /** A binder on this scene's bus seen through {@code pci} (a decorator of {@link #bus}). */
    Binder binder(org.udevreactor.reactor.pci.PciSysfs pci) throws IOException {
        LoadPlanner planner = new LoadPlanner(modules.index(), ModprobeConfig.EMPTY);
        LoaderClock clock = new FakeClock();
        ModuleLoader loader = new ModuleLoader(planner, kernel, modules.dir(), clock, ModuleLoader.Settings.DEFAULT);
        return new Binder(pci, new ProcRoot(proc), modules.index(), planner, loader, clock,
                new Binder.Settings(Duration.ofMillis(200), Duration.ofMillis(20)));
    }

    static Decision.Bind vfio(GroupPolicy group) {
        return new Decision.Bind(RULE, new DriverChoice.BestVfio(), group, false, OptionalInt.empty(), "test");
    }

    static Decision.Bind vfio() {
        return vfio(GroupPolicy.VIABLE);
    }

    static Decision.Bind forced(Decision.Bind bind) {
        return new Decision.Bind(bind.matched(), bind.driver(), bind.group(), true, bind.sriovNumvfs(), bind.reason());
    }

    static Decision.Bind named(String driver) {
        return new Decision.Bind(RULE, new DriverChoice.Named(driver), GroupPolicy.VIABLE, false, OptionalInt.empty(), "test");
    }

    static Decision.Release release() {
        return new Decision.Release(RULE, OptionalInt.empty(), "test");
    }
}
