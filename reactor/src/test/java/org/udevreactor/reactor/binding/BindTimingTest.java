package org.udevreactor.reactor.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;
import org.udevreactor.reactor.daemon.handling.ActionResult;
import org.udevreactor.reactor.daemon.handling.BinderActions;
import org.udevreactor.reactor.daemon.handling.TimedPciSysfs;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.DeviceSnapshot;

/** The daemon's bind results say where the time went: each sysfs write (the kernel's probes) apart from the rest. */
class BindTimingTest {
    @TempDir
    Path temp;

    private static DeviceSnapshot e1000e() {
        return DeviceSnapshot.fromUevent(new Uevent(UeventAction.ADD, "/devices/pci0000:00/0000:00:02.0", "pci", 7,
                Map.of("PCI_SLOT_NAME", "0000:00:02.0", "PCI_ID", "8086:10D3", "PCI_SUBSYS_ID", "8086:0000", "PCI_CLASS", "20000",
                        "MODALIAS", "pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00"), UeventOrigin.KERNEL));
    }

    @Test
    void bind_throughTimedSysfs_listsEachWriteInOrderWithTheTimeBeforeAndAfter() throws Exception {
        BindingScene scene = new BindingScene(temp);
        TimedPciSysfs timed = new TimedPciSysfs(scene.bus);
        BinderActions actions = new BinderActions(scene.binder(timed), new SysfsRoot(temp), false, Optional.of(timed));

        ActionResult result = actions.apply(e1000e(), BindingScene.vfio());

        assertThat(result.summary()).startsWith("bound 0000:00:02.0 → vfio-pci");
        assertThat(result.timing()).matches("before writes \\d+\\.\\d ms \\[sysfs function \\d+× \\d+\\.\\d ms; .*children \\d+× \\d+\\.\\d ms.*\\],"
                + " driver_override \\d+\\.\\d ms, unbind \\d+\\.\\d ms, drivers_probe \\d+\\.\\d ms, verify \\d+\\.\\d ms \\[sysfs binding \\d+× \\d+\\.\\d ms\\]");
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("vfio-pci");
    }

    /**
     * Reading driver_override waits for a probe in progress (the device lock), so each plan reads
     * who holds the function after its other reads: those run during a hot-added device's probe.
     */
    @Test
    void bind_eachPlanReadsWhoHoldsTheFunctionAfterTheGuardsAndTheGroup() throws Exception {
        BindingScene scene = new BindingScene(temp);
        TimedPciSysfs timed = new TimedPciSysfs(scene.bus);
        BinderActions actions = new BinderActions(scene.binder(timed), new SysfsRoot(temp), false, Optional.of(timed));

        actions.apply(e1000e(), BindingScene.vfio());

        long firstWrite = timed.writes().get(0).startNanos();
        String planned = timed.reads().stream().filter(r -> r.endNanos() <= firstWrite).map(TimedPciSysfs.TimedRead::kind)
                .filter(java.util.Set.of("function", "children", "group", "binding")::contains)
                .collect(java.util.stream.Collectors.joining(" "));
        // Twice: vfio-pci's modules are loaded, then the plan is made again.
        assertThat(planned).isEqualTo("function children group binding function children group binding");
    }

    @Test
    void bind_alreadyBound_saysNoWrites() throws Exception {
        BindingScene scene = new BindingScene(temp);
        TimedPciSysfs timed = new TimedPciSysfs(scene.bus);
        BinderActions actions = new BinderActions(scene.binder(timed), new SysfsRoot(temp), false, Optional.of(timed));
        actions.apply(e1000e(), BindingScene.vfio());

        ActionResult again = actions.apply(e1000e(), BindingScene.vfio());

        assertThat(again.summary()).startsWith("already bound");
        assertThat(again.timing()).matches("no writes, \\d+\\.\\d ms \\[sysfs function 1× .*\\]");
    }

    @Test
    void bind_withoutTiming_hasNoTimingText() throws Exception {
        BindingScene scene = new BindingScene(temp);
        ActionResult result = new BinderActions(scene.binder(), new SysfsRoot(temp), false).apply(e1000e(), BindingScene.vfio());

        assertThat(result.summary()).startsWith("bound 0000:00:02.0 → vfio-pci");
        assertThat(result.timing()).isEmpty();
    }
}
