package org.udevreactor.reactor.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.overrides.OverrideActions;
import org.udevreactor.reactor.overrides.OverrideResult;
import org.udevreactor.reactor.overrides.OverrideStore;
import org.udevreactor.reactor.overrides.OverrideTarget;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.PciIdentity;
import org.udevreactor.rules.PolicyDirectories;

/**
 * set-override and unset-override end to end on the fake PCI bus of {@link BindingScene} (this
 * package's, hence the test lives here): the file, the decision from the files, the binder's
 * writes, and the undo when binding fails.
 */
class OverrideActionsTest {
    private static final PciAddress EDU = PciAddress.parse("0000:00:03.0");
    private static final PciAddress NIC = PciAddress.parse("0000:00:02.0");
    private static final PciAddress VGA = PciAddress.parse("0000:00:01.0");

    @TempDir
    Path temp;

    private BindingScene scene;
    private OverrideStore store;
    private OverrideActions actions;
    private Path etc;

    @BeforeEach
    void scene() throws IOException {
        scene = new BindingScene(temp);
        PolicyDirectories dirs = PolicyDirectories.under(temp.resolve("root"));
        etc = dirs.directories().get(2);
        store = new OverrideStore(dirs);
        actions = new OverrideActions(store, this::snapshot, scene.binder());
    }

    /** The snapshot DeviceSnapshots would read from the fake bus's sysfs. */
    private DeviceRead snapshot(PciAddress address, Set<String> attributes) {
        PciFunction f;
        try {
            f = scene.bus.function(address);
        } catch (SysfsException e) {
            return new DeviceRead.Gone("/devices/pci0000:00/" + address, e.getMessage());
        }
        String devpath = "/devices/pci0000:00/" + address;
        PciIdentity id = new PciIdentity(f.vendor(), f.device(), 0x1af4, 0x1100, f.classCode(), address.toString());
        DeviceSnapshot snapshot = new DeviceSnapshot("pci", UeventAction.ADD, devpath, Optional.of(id), Optional.of(f.modalias()),
                f.driver(), Optional.empty(), Map.of("PCI_SLOT_NAME", address.toString()), Map.of());
        return new DeviceRead.Present(f.bootVga() ? snapshot.withBootVga(true) : snapshot);
    }

    @Test
    void set_vfioOnEdu_writesTheFileAndBindsTheVariantDriver() throws Exception {
        OverrideResult result = actions.set(EDU, new OverrideTarget("vfio"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> {
            assertThat(a.file()).isEqualTo(etc.resolve("00-override-0000:00:03.0.toml"));
            assertThat(a.undone()).isFalse();
            assertThat(a.outcome()).get().isInstanceOf(BindOutcome.Bound.class);
        });
        assertThat(etc.resolve("00-override-0000:00:03.0.toml")).exists();
        assertThat(scene.bus.get("0000:00:03.0").driver).isEqualTo("edu_vfio_pci");
        assertThat(scene.bus.get("0000:00:03.0").vfioDevice).isNotNull();
    }

    @Test
    void setThenUnset_nic_goesToVfioPciAndBackToE1000e() throws Exception {
        actions.set(NIC, new OverrideTarget("vfio"), false);
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("vfio-pci");

        OverrideResult result = actions.unset(NIC);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> {
            assertThat(a.outcome()).get().isInstanceOf(BindOutcome.Released.class);
            assertThat(a.undone()).isFalse();
        });
        assertThat(store.fileFor(NIC)).doesNotExist();
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("e1000e");
        assertThat(scene.bus.get("0000:00:02.0").override).isNull();
    }

    @Test
    void set_namedDriver_bindsIt() throws Exception {
        OverrideResult result = actions.set(EDU, new OverrideTarget("pci-stub"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> assertThat(a.undone()).isFalse());
        assertThat(scene.bus.get("0000:00:03.0").driver).isEqualTo("pci-stub");
    }

    @Test
    void set_bindingFails_removesTheNewFileAndLeavesTheDeviceAsItWas() throws Exception {
        scene.bus.failNextWrite("/bus/pci/drivers_probe", "EIO");

        OverrideResult result = actions.set(NIC, new OverrideTarget("vfio"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> {
            assertThat(a.undone()).isTrue();
            assertThat(a.outcome()).get().isInstanceOf(BindOutcome.Failed.class);
        });
        assertThat(store.fileFor(NIC)).doesNotExist();
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("e1000e");
    }

    @Test
    void set_bindingFailsOverAnEarlierOverride_putsTheEarlierFileBack() throws Exception {
        actions.set(EDU, new OverrideTarget("pci-stub"), false);
        byte[] earlier = Files.readAllBytes(store.fileFor(EDU));
        scene.bus.failNextWrite("/bus/pci/drivers_probe", "EIO");

        OverrideResult result = actions.set(EDU, new OverrideTarget("vfio"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> assertThat(a.undone()).isTrue());
        assertThat(Files.readAllBytes(store.fileFor(EDU))).isEqualTo(earlier);
        assertThat(scene.bus.get("0000:00:03.0").driver).isEqualTo("pci-stub");
    }

    @Test
    void set_bootVgaWithoutForce_isRefusedAndWritesNothing() throws Exception {
        OverrideResult result = actions.set(VGA, new OverrideTarget("vfio"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.NotDone.class, n -> {
            assertThat(n.kind()).isEqualTo(OverrideResult.Kind.REFUSED);
            assertThat(n.reason()).contains("boot VGA").endsWith("; nothing written");
        });
        assertThat(store.fileFor(VGA)).doesNotExist();
        assertThat(scene.bus.get("0000:00:01.0").driver).isEqualTo("bochs-drm");
    }

    @Test
    void set_earlierFileDecidesTheDevice_writesNothingAndNamesThatRule() throws Exception {
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("00-aaa.toml"), "[[rule]]\nname = \"early\"\naction = \"ignore\"\nmatch.vendor = \"1234\"\n");

        OverrideResult result = actions.set(EDU, new OverrideTarget("vfio"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.NotDone.class, n -> {
            assertThat(n.kind()).isEqualTo(OverrideResult.Kind.NOT_DECIDING);
            assertThat(n.reason()).contains("rule \"early\" (" + etc.resolve("00-aaa.toml") + ":1)")
                    .contains("sorts before 00-override-0000:00:03.0.toml");
        });
        assertThat(store.fileFor(EDU)).doesNotExist();
        assertThat(scene.bus.get("0000:00:03.0").driver).isNull();
    }

    @Test
    void set_badDriverName_isInvalidAndWritesNothing() throws Exception {
        OverrideResult result = actions.set(EDU, new OverrideTarget("no/such"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Invalid.class,
                i -> assertThat(i.errors().get(0).toString()).startsWith(store.fileFor(EDU) + ":6: rule[0].driver: bad driver name"));
        assertThat(Files.exists(etc) ? Files.list(etc).toList() : java.util.List.of()).isEmpty();
    }

    @Test
    void set_deviceNotThere_writesNothing() throws Exception {
        OverrideResult result = actions.set(PciAddress.parse("0000:00:09.0"), new OverrideTarget("vfio"), false);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.NotDone.class,
                n -> assertThat(n.kind()).isEqualTo(OverrideResult.Kind.DEVICE_GONE));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void unset_noOverride_saysSo() throws Exception {
        OverrideResult result = actions.unset(EDU);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.NotDone.class, n -> {
            assertThat(n.kind()).isEqualTo(OverrideResult.Kind.NO_OVERRIDE);
            assertThat(n.reason()).isEqualTo("no override for 0000:00:03.0 (no " + store.fileFor(EDU) + ")");
        });
    }

    @Test
    void unset_deviceGone_removesTheFileOnly() throws Exception {
        actions.set(EDU, new OverrideTarget("vfio"), false);
        scene.bus.remove("0000:00:03.0");

        OverrideResult result = actions.unset(EDU);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> assertThat(a.outcome()).isEmpty());
        assertThat(store.fileFor(EDU)).doesNotExist();
    }

    @Test
    void unset_releaseFails_putsTheFileBack() throws Exception {
        actions.set(NIC, new OverrideTarget("vfio"), false);
        scene.bus.failNextWrite("/bus/pci/drivers_probe", "EIO");

        OverrideResult result = actions.unset(NIC);

        assertThat(result).isInstanceOfSatisfying(OverrideResult.Applied.class, a -> assertThat(a.undone()).isTrue());
        assertThat(store.fileFor(NIC)).exists();
        assertThat(scene.bus.get("0000:00:02.0").driver).isEqualTo("vfio-pci");
    }
}
