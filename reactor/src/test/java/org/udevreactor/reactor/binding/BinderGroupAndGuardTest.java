package org.udevreactor.reactor.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.GroupPolicy;
import org.udevreactor.rules.Guard;

/** IOMMU group handling (viable, whole, ignore) and the safety guards, on the fake bus. */
class BinderGroupAndGuardTest extends BinderTestBase {
    private static final PciAddress SMBUS = PciAddress.parse("0000:00:1f.3");
    private static final PciAddress GPU = PciAddress.parse("0000:01:00.0");

    @Override
    void arrange(BindingScene scene) {
        scene.addGpuGroup();
        scene.bus.add("0000:00:1c.0", 0x8086, 0x2940, 0x060400).group("7").driver("pcieport");
        scene.bus.register("pcieport");
    }

    @Test
    void apply_viableGroupWithHostDriverMember_isRefusedNamingTheFirstBlockingMember() throws Exception {
        BindOutcome outcome = binder.apply(SMBUS, BindingScene.vfio());

        BindOutcome.Refused refused = (BindOutcome.Refused) outcome;
        assertThat(refused.blockingMember()).contains("0000:00:1f.0");
        assertThat(refused.guard()).isEmpty();
        assertThat(refused.reason()).contains("IOMMU group 5 is not viable", "0000:00:1f.0 (8086:2918, class 0x060100)",
                "bound to host driver lpc_ich");
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void plan_viableGroup_judgesEveryOtherMember() {
        GroupVerdict verdict = binder.plan(GPU, BindingScene.vfio()).group().orElseThrow();

        assertThat(verdict.members()).extracting(GroupMember::name, GroupMember::viable).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0000:00:1c.0", true),
                org.assertj.core.groups.Tuple.tuple("0000:01:00.1", false));
        assertThat(verdict.members().get(0).why()).isEqualTo("a PCI bridge or root port");
        assertThat(verdict.blocking().map(GroupMember::name)).contains("0000:01:00.1");
    }

    @Test
    void apply_wholeGroup_bindsEveryEndpointAndLeavesTheRootPortAlone() throws Exception {
        BindOutcome outcome = binder.apply(GPU, BindingScene.vfio(GroupPolicy.WHOLE));

        assertThat(((BindOutcome.Bound) outcome).devices()).extracting(d -> d.address().toString(), BindOutcome.BoundDevice::driver)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0000:01:00.0", "vfio-pci"),
                        org.assertj.core.groups.Tuple.tuple("0000:01:00.1", "vfio-pci"));
        assertThat(scene.bus.get("0000:00:1c.0").driver).isEqualTo("pcieport");
    }

    @Test
    void apply_viableAfterTheOtherMemberIsOnVfio_binds() throws Exception {
        binder.apply(PciAddress.parse("0000:01:00.1"), BindingScene.vfio(GroupPolicy.IGNORE));

        BindOutcome outcome = binder.apply(GPU, BindingScene.vfio());

        assertThat(outcome).isInstanceOf(BindOutcome.Bound.class);
    }

    @Test
    void apply_groupWithNonPciMember_isRefusedNamingIt() throws Exception {
        scene.bus.extraGroupMember("platform-dmar0");

        BindOutcome outcome = binder.apply(GPU, BindingScene.vfio(GroupPolicy.WHOLE));

        assertThat(((BindOutcome.Refused) outcome).blockingMember()).contains("platform-dmar0");
        assertThat(outcome.summary()).contains("not a PCI function");
    }

    @Test
    void apply_ignoreGroup_bindsWithoutLooking() throws Exception {
        BindOutcome outcome = binder.apply(SMBUS, BindingScene.vfio(GroupPolicy.IGNORE));

        assertThat(outcome).isInstanceOf(BindOutcome.Bound.class);
        assertThat(scene.bus.get("0000:00:1f.0").driver).isEqualTo("lpc_ich");
    }

    @Test
    void apply_bootVga_isRefusedByItsGuardUnlessForced() throws Exception {
        PciAddress vga = PciAddress.parse("0000:00:01.0");

        BindOutcome refused = binder.apply(vga, BindingScene.vfio());
        BindOutcome forced = binder.apply(vga, BindingScene.forced(BindingScene.vfio()));

        assertThat(((BindOutcome.Refused) refused).guard()).contains(Guard.BOOT_VGA);
        assertThat(refused.summary()).contains("boot_vga is 1", "force = true");
        assertThat(forced).isInstanceOf(BindOutcome.Bound.class);
    }

    @Test
    void apply_controllerWithMountedRoot_isRefusedNamingPartitionAndMountPoint() throws Exception {
        BindOutcome outcome = binder.apply(PciAddress.parse("0000:00:1f.2"), BindingScene.vfio(GroupPolicy.IGNORE));

        assertThat(((BindOutcome.Refused) outcome).guard()).contains(Guard.MOUNTED_FILESYSTEM);
        assertThat(outcome.summary()).contains("sda1 (8:1) is mounted on /");
        assertThat(scene.bus.get("0000:00:1f.2").driver).isEqualTo("ahci");
    }

    @Test
    void apply_wholeGroupWithMountedMember_isRefusedNamingTheMember() throws Exception {
        BindOutcome outcome = binder.apply(SMBUS, BindingScene.vfio(GroupPolicy.WHOLE));

        BindOutcome.Refused refused = (BindOutcome.Refused) outcome;
        assertThat(refused.guard()).contains(Guard.MOUNTED_FILESYSTEM);
        assertThat(refused.blockingMember()).contains("0000:00:1f.2");
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_nicOfTheDefaultRoute_isRefused() throws Exception {
        scene.defaultRouteVia("ens2");

        BindOutcome outcome = binder.apply(PciAddress.parse("0000:00:02.0"), BindingScene.vfio());

        assertThat(((BindOutcome.Refused) outcome).guard()).contains(Guard.DEFAULT_ROUTE);
        assertThat(outcome.summary()).contains("ens2 carries the default route");
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("e1000e");
    }

    @Test
    void plan_listsEveryGuardAsCheckedOnTheDevice() {
        BindPlan plan = binder.plan(PciAddress.parse("0000:00:02.0"), BindingScene.vfio());

        assertThat(plan.guards()).extracting(GuardCheck::guard, GuardCheck::tripped).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Guard.BOOT_VGA, false),
                org.assertj.core.groups.Tuple.tuple(Guard.MOUNTED_FILESYSTEM, false),
                org.assertj.core.groups.Tuple.tuple(Guard.DEFAULT_ROUTE, false));
    }
}
