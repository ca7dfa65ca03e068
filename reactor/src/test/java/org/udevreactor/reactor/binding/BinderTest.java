package org.udevreactor.reactor.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.Guard;

/** Binding and releasing on the fake bus: driver choice, the writes, verification, idempotence. */
class BinderTest extends BinderTestBase {
    private static final PciAddress NIC = PciAddress.parse("0000:00:02.0");
    private static final PciAddress EDU = PciAddress.parse("0000:00:03.0");


    @Test
    void apply_vfioForEdu_choosesVariantOverVfioPciLoadsItAndVerifiesVfioDev() throws Exception {
        BindOutcome outcome = binder.apply(EDU, BindingScene.vfio());

        assertThat(outcome).isInstanceOf(BindOutcome.Bound.class);
        BindOutcome.BoundDevice bound = ((BindOutcome.Bound) outcome).devices().get(0);
        assertThat(bound.driver()).isEqualTo("edu_vfio_pci");
        assertThat(bound.module()).contains("edu_vfio_pci");
        assertThat(bound.vfioDevice()).contains("vfio0");
        assertThat(scene.kernel.loads()).containsExactly("vfio", "vfio_pci_core", "edu_vfio_pci");
        assertThat(scene.bus.writes()).extracting(SysfsWrite::path, SysfsWrite::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/bus/pci/devices/0000:00:03.0/driver_override", "edu_vfio_pci"),
                org.assertj.core.groups.Tuple.tuple("/bus/pci/drivers_probe", "0000:00:03.0"));
    }

    @Test
    void plan_vfioForEdu_ranksVariantFirstAndVfioPciLast() {
        BindPlan plan = binder.plan(EDU, BindingScene.vfio());

        DevicePlan edu = plan.target().orElseThrow();
        assertThat(edu.candidates()).extracting(DriverCandidate::driver).containsExactly("edu_vfio_pci", "vfio-pci");
        assertThat(edu.candidates().get(0).why()).contains("vfio_pci:v00001234d000011E8sv*sd*bc*sc*i*");
        assertThat(edu.candidates()).allMatch(c -> !c.driverConfirmed());
        assertThat(edu.modules().orElseThrow().request()).isEqualTo("edu_vfio_pci");
        assertThat(edu.expectVfio()).isTrue();
        assertThat(plan.foregone()).isEmpty();
    }

    @Test
    void plan_vfioForNic_makesNoWritesAndListsExactlyTheWritesApplyMakes() throws Exception {
        BindPlan plan = binder.plan(NIC, BindingScene.vfio());

        assertThat(scene.bus.writes()).isEmpty();
        assertThat(scene.kernel.loads()).isEmpty();
        assertThat(plan.target().orElseThrow().candidates()).extracting(DriverCandidate::driver).containsExactly("vfio-pci");
        assertThat(plan.writes()).extracting(SysfsWrite::path).containsExactly(
                "/bus/pci/devices/0000:00:02.0/driver_override", "/bus/pci/drivers/e1000e/unbind", "/bus/pci/drivers_probe");

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        assertThat(((BindOutcome.Bound) outcome).writes()).isEqualTo(plan.writes());
        assertThat(scene.bus.writes()).isEqualTo(plan.writes());
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("vfio-pci");
        assertThat(scene.bus.get("0000:00:02.0").vfioDevice).isEqualTo("vfio0");
    }

    @Test
    void apply_bindTwice_secondIsNoOpWithoutWrites() throws Exception {
        binder.apply(EDU, BindingScene.vfio());
        int writes = scene.bus.writes().size();

        BindOutcome again = binder.apply(EDU, BindingScene.vfio());

        assertThat(again).isInstanceOf(BindOutcome.AlreadyBound.class);
        assertThat(((BindOutcome.AlreadyBound) again).driver()).isEqualTo("edu_vfio_pci");
        assertThat(again.summary()).contains("vfio-dev/vfio0", "nothing written");
        assertThat(scene.bus.writes()).hasSize(writes);
    }

    @Test
    void apply_releaseAfterVfio_clearsOverrideAndHostDriverTakesItBack() throws Exception {
        binder.apply(NIC, BindingScene.vfio());

        BindOutcome released = binder.apply(NIC, BindingScene.release());

        assertThat(released).isInstanceOf(BindOutcome.Released.class);
        assertThat(((BindOutcome.Released) released).driver()).contains("e1000e");
        assertThat(scene.bus.get("0000:00:02.0").override).isNull();
        assertThat(((BindOutcome.Released) released).writes()).extracting(SysfsWrite::path, SysfsWrite::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/bus/pci/devices/0000:00:02.0/driver_override", "\n"),
                org.assertj.core.groups.Tuple.tuple("/bus/pci/drivers/vfio-pci/unbind", "0000:00:02.0"),
                org.assertj.core.groups.Tuple.tuple("/bus/pci/drivers_probe", "0000:00:02.0"));
    }

    @Test
    void apply_releaseOfDeviceOnItsHostDriver_isNoOp() throws Exception {
        BindOutcome released = binder.apply(NIC, BindingScene.release());

        assertThat(released.summary()).startsWith("already released: 0000:00:02.0 → e1000e");
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_releaseOfEduWithoutHostDriver_leavesItUnboundAndTheSecondReleaseIsNoOp() throws Exception {
        binder.apply(EDU, BindingScene.vfio());

        BindOutcome released = binder.apply(EDU, BindingScene.release());
        int writes = scene.bus.writes().size();
        BindOutcome again = binder.apply(EDU, BindingScene.release());

        assertThat(((BindOutcome.Released) released).driver()).isEmpty();
        assertThat(released.summary()).contains("no driver");
        assertThat(((BindOutcome.Released) again).writes()).isEmpty();
        assertThat(scene.bus.writes()).hasSize(writes);
    }

    @Test
    void apply_namedPciStub_loadsItsModuleAndBindsWithoutVfioDev() throws Exception {
        BindOutcome outcome = binder.apply(EDU, BindingScene.named("pci-stub"));

        BindOutcome.BoundDevice bound = ((BindOutcome.Bound) outcome).devices().get(0);
        assertThat(bound.driver()).isEqualTo("pci-stub");
        assertThat(bound.vfioDevice()).isEmpty();
        assertThat(scene.kernel.loads()).containsExactly("pci_stub");
    }

    @Test
    void apply_namedDriverNobodyProvides_failsAtChoosingWithoutWriting() throws Exception {
        BindOutcome outcome = binder.apply(EDU, BindingScene.named("no-such-driver"));

        assertThat(outcome).isInstanceOf(BindOutcome.Failed.class);
        assertThat(outcome.summary()).contains("choose a driver", "no PCI driver no-such-driver is registered");
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_policyRefusal_isRefusedWithItsGuardAndNothingWritten() throws Exception {
        Decision refused = new Decision.Refused(BindingScene.RULE, Guard.BOOT_VGA, "boot VGA");

        BindOutcome outcome = binder.apply(PciAddress.parse("0000:00:01.0"), refused);

        assertThat(((BindOutcome.Refused) outcome).guard()).contains(Guard.BOOT_VGA);
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_nonBindingDecision_isNotBinding() throws Exception {
        BindOutcome outcome = binder.apply(NIC, new Decision.Ignore(BindingScene.RULE, "leave it"));

        assertThat(outcome).isInstanceOf(BindOutcome.NotBinding.class);
        assertThat(outcome.summary()).contains("leave it");
    }

    @Test
    void apply_unknownAddress_isVanished() throws Exception {
        BindOutcome outcome = binder.apply(PciAddress.parse("0000:09:00.0"), BindingScene.vfio());

        assertThat(outcome).isInstanceOf(BindOutcome.Vanished.class);
        assertThat(outcome.summary()).contains("ENODEV", "0000:09:00.0");
    }
}
