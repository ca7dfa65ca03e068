package org.udevreactor.reactor.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;

/** VFs on a physical function: autoprobe off first, counts changed through 0, checked and rolled back. */
class BinderSriovTest extends BinderTestBase {
    private static final PciAddress PF = PciAddress.parse("0000:03:00.0");

    @Override
    void arrange(BindingScene scene) {
        scene.bus.add("0000:03:00.0", 0x8086, 0x1572, 0x020000).group("9").driver("i40e").sriov(8, 0x154c);
        scene.bus.register("i40e").matches(0x8086, 0x1572);
        scene.bus.register("iavf").matches(0x8086, 0x154c);
    }

    private static Decision.Release releaseWithVfs(int count) {
        return new Decision.Release(BindingScene.RULE, OptionalInt.of(count), "pf");
    }

    @Test
    void apply_releaseWithFourVfs_turnsAutoprobeOffFirstSoNoHostDriverTakesThem() throws Exception {
        BindOutcome outcome = binder.apply(PF, releaseWithVfs(4));

        assertThat(outcome).isInstanceOf(BindOutcome.Released.class);
        assertThat(scene.bus.writes()).extracting(SysfsWrite::path, SysfsWrite::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/bus/pci/devices/0000:03:00.0/sriov_drivers_autoprobe", "0"),
                org.assertj.core.groups.Tuple.tuple("/bus/pci/devices/0000:03:00.0/sriov_numvfs", "4"));
        assertThat(scene.bus.get("0000:04:00.0").driver).isNull();
        assertThat(scene.bus.get("0000:04:00.3").driver).isNull();
        assertThat(scene.bus.get("0000:03:00.0").driver).isEqualTo("i40e");
    }

    @Test
    void apply_changingTheCount_goesThroughZero() throws Exception {
        binder.apply(PF, releaseWithVfs(2));

        binder.apply(PF, releaseWithVfs(3));

        assertThat(scene.bus.writes()).extracting(SysfsWrite::value).endsWith("0", "3");
        assertThat(scene.bus.get("0000:03:00.0").numVfs).isEqualTo(3);
    }

    @Test
    void apply_sameCountAgain_isNoOp() throws Exception {
        binder.apply(PF, releaseWithVfs(2));
        int writes = scene.bus.writes().size();

        BindOutcome again = binder.apply(PF, releaseWithVfs(2));

        assertThat(((BindOutcome.Released) again).writes()).isEmpty();
        assertThat(scene.bus.writes()).hasSize(writes);
    }

    @Test
    void apply_moreVfsThanTotal_failsWithoutWriting() throws Exception {
        BindOutcome outcome = binder.apply(PF, releaseWithVfs(9));

        assertThat(outcome.summary()).contains("supports at most 8 VFs");
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_vfsOnAFunctionWithoutSriov_failsNamingIt() throws Exception {
        BindOutcome outcome = binder.apply(PciAddress.parse("0000:00:02.0"), releaseWithVfs(2));

        assertThat(outcome.summary()).contains("0000:00:02.0 is not an SR-IOV physical function");
    }

    @Test
    void apply_numvfsWriteFails_restoresAutoprobe() throws Exception {
        scene.bus.failNextWrite("/bus/pci/devices/0000:03:00.0/sriov_numvfs", "ENOMEM");

        BindOutcome outcome = binder.apply(PF, releaseWithVfs(4));

        assertThat(((BindOutcome.Failed) outcome).rolledBack()).isTrue();
        assertThat(scene.bus.get("0000:03:00.0").autoprobe).isTrue();
        assertThat(scene.bus.get("0000:03:00.0").numVfs).isZero();
    }

    @Test
    void apply_bindOfAPfAlreadyOnItsDriverWithVfs_onlyCreatesTheVfs() throws Exception {
        Decision.Bind bind = new Decision.Bind(BindingScene.RULE, new org.udevreactor.rules.DriverChoice.Named("i40e"),
                org.udevreactor.rules.GroupPolicy.VIABLE, false, OptionalInt.of(2), "pf");

        BindOutcome outcome = binder.apply(PF, bind);

        assertThat(outcome.summary()).isEqualTo("bound 0000:03:00.0 → i40e");
        assertThat(((BindOutcome.Bound) outcome).writes()).extracting(SysfsWrite::value).containsExactly("0", "2");
        assertThat(scene.bus.get("0000:03:00.0").numVfs).isEqualTo(2);
    }
}
