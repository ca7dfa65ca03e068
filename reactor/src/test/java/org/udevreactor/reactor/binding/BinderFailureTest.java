package org.udevreactor.reactor.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.GroupPolicy;

/** A failure at every step, and devices removed mid-bind: each ends as a value with everything put back. */
class BinderFailureTest extends BinderTestBase {
    private static final PciAddress NIC = PciAddress.parse("0000:00:02.0");


    @ParameterizedTest
    @CsvSource({
            "/bus/pci/devices/0000:00:02.0/driver_override, EINVAL",
            "/bus/pci/drivers/e1000e/unbind, EBUSY",
            "/bus/pci/drivers_probe, ENOMEM",
    })
    void apply_writeFails_namesTheStepAndPutsTheNicBackOnE1000e(String path, String errno) throws Exception {
        scene.bus.failNextWrite(path, errno);

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        BindOutcome.Failed failed = (BindOutcome.Failed) outcome;
        assertThat(failed.step()).contains(path);
        assertThat(failed.cause()).isEqualTo(errno);
        assertThat(failed.rolledBack()).isTrue();
        assertThat(failed.rollback()).contains("0000:00:02.0 back on e1000e");
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("e1000e");
        assertThat(scene.bus.get("0000:00:02.0").override).isNull();
    }

    @Test
    void apply_probeOfChosenDriverFails_verifyFailsAndRollsBack() throws Exception {
        scene.kernel.live("vfio_pci");
        scene.bus.driver("vfio-pci").probeFails = true;

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        BindOutcome.Failed failed = (BindOutcome.Failed) outcome;
        assertThat(failed.step()).isEqualTo("verify 0000:00:02.0 bound to vfio-pci");
        assertThat(failed.cause()).contains("driver link → none", "vfio-dev missing");
        assertThat(failed.rolledBack()).isTrue();
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("e1000e");
    }

    @Test
    void apply_vfioWithoutIommuGroup_failsVerificationAndRollsBack() throws Exception {
        scene.bus.get("0000:00:02.0").group = null;

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        assertThat(((BindOutcome.Failed) outcome).step()).startsWith("verify");
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("e1000e");
    }

    @Test
    void apply_moduleLoadFails_failsBeforeAnyWrite() throws Exception {
        scene.kernel.failing("vfio_pci", 1);

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        BindOutcome.Failed failed = (BindOutcome.Failed) outcome;
        assertThat(failed.step()).isEqualTo("load module vfio_pci");
        assertThat(failed.cause()).contains("EPERM");
        assertThat(failed.rollback()).isEqualTo("nothing written");
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_moduleRegistersAnotherDriverName_failsNamingIt() throws Exception {
        scene.bus.provides("pci_stub", "stub-under-another-name");

        BindOutcome outcome = binder.apply(PciAddress.parse("0000:00:03.0"), BindingScene.named("pci-stub-2"));

        assertThat(outcome).isInstanceOf(BindOutcome.Failed.class);
        assertThat(scene.bus.writes()).isEmpty();
    }

    @Test
    void apply_rollbackItselfFails_saysRollbackIncomplete() throws Exception {
        scene.bus.failNextWrite("/bus/pci/drivers_probe", "ENOMEM");
        scene.bus.afterWrite(w -> {
            if (w.path().endsWith("/unbind")) {
                // The rollback's re-probe fails too: the NIC stays without a driver.
                scene.bus.failNextWrite("/bus/pci/drivers_probe", "EIO");
            }
        });

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        BindOutcome.Failed failed = (BindOutcome.Failed) outcome;
        assertThat(failed.rolledBack()).isFalse();
        assertThat(failed.summary()).contains("ROLLBACK INCOMPLETE", "0000:00:02.0");
    }

    @Test
    void apply_deviceRemovedAfterUnbind_isVanishedNotFailed() throws Exception {
        scene.bus.afterWrite(w -> {
            if (w.path().endsWith("/unbind")) {
                scene.bus.remove("0000:00:02.0");
            }
        });

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        assertThat(outcome).isInstanceOf(BindOutcome.Vanished.class);
        assertThat(outcome.summary()).contains("ENODEV", "drivers_probe", "0000:00:02.0 gone, nothing left to restore");
    }

    @Test
    void apply_deviceRemovedAfterOverride_isVanished() throws Exception {
        scene.bus.afterWrite(w -> {
            if (w.path().endsWith("/driver_override")) {
                scene.bus.remove("0000:00:02.0");
            }
        });

        BindOutcome outcome = binder.apply(NIC, BindingScene.vfio());

        assertThat(outcome).isInstanceOf(BindOutcome.Vanished.class);
    }

    @Test
    void apply_wholeGroupTargetRemovedMidway_rollsTheMemberBack() throws Exception {
        scene.addGpuGroup();
        scene.bus.afterWrite(w -> {
            if (w.path().equals("/bus/pci/devices/0000:01:00.1/driver_override")) {
                scene.bus.remove("0000:01:00.0");
            }
        });

        BindOutcome outcome = binder.apply(PciAddress.parse("0000:01:00.0"), BindingScene.vfio(GroupPolicy.WHOLE));

        assertThat(outcome).isInstanceOf(BindOutcome.Vanished.class);
        assertThat(outcome.summary()).contains("0000:01:00.1 back on snd_hda_intel", "0000:01:00.0 gone");
        assertThat(scene.bus.get("0000:01:00.1").override).isNull();
    }
}
