package org.udevreactor.reactor.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.DriverChoice;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.PciIdentity;
import org.udevreactor.rules.PolicyDirectories;
import org.udevreactor.rules.PolicyError;
import org.udevreactor.rules.PolicyLoader;

class OverrideStoreTest {
    private static final PciAddress EDU = PciAddress.parse("0000:00:03.0");

    @TempDir
    Path root;

    private OverrideStore store;
    private Path etc;

    @BeforeEach
    void policy() throws IOException {
        PolicyDirectories dirs = PolicyDirectories.under(root);
        etc = dirs.directories().get(2);
        Path usr = dirs.directories().get(0);
        Files.createDirectories(usr);
        // A vendor rule that would send every device of this vendor to pci-stub, and an admin file sorting early.
        Files.writeString(usr.resolve("10-vendor.toml"), "[[rule]]\nname = \"vendor\"\naction = \"bind\"\ndriver = \"pci-stub\"\nmatch.vendor = \"1234\"\n");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("05-admin.toml"), "[[rule]]\nname = \"admin\"\naction = \"release\"\nmatch.address = \"0000:00:0[3-4].0\"\n");
        store = new OverrideStore(dirs);
    }

    private static DeviceSnapshot edu() {
        String devpath = "/devices/pci0000:00/" + EDU;
        Map<String, String> p = Map.of("PCI_SLOT_NAME", EDU.toString(), "PCI_ID", "1234:11E8", "PCI_SUBSYS_ID", "1AF4:1100", "PCI_CLASS", "FF00");
        return new DeviceSnapshot("pci", UeventAction.ADD, devpath,
                Optional.of(new PciIdentity(0x1234, 0x11e8, 0x1af4, 0x1100, 0xff0000, EDU.toString())),
                Optional.of("pci:v00001234d000011E8sv00001AF4sd00001100bcFFsc00i00"), Optional.empty(), Optional.empty(), p, Map.of());
    }

    @Test
    void stageAndCommit_vfio_writesARuleThatDecidesBeforeEveryOtherFile() throws IOException {
        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("vfio"), false)) {
            assertThat(staged.result()).isInstanceOf(LoadResult.Loaded.class);
            assertThat(store.fileFor(EDU)).doesNotExist();
            staged.commit();
        }

        Path file = etc.resolve("00-override-0000:00:03.0.toml");
        assertThat(file).exists();
        assertThat(Files.list(etc).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("00-override-0000:00:03.0.toml", "05-admin.toml");
        LoadResult loaded = PolicyLoader.load(store.policy());
        Decision decision = ((LoadResult.Loaded) loaded).policy().decide(edu());
        assertThat(decision).isInstanceOfSatisfying(Decision.Bind.class, b -> {
            assertThat(b.matched().name()).isEqualTo("override-0000:00:03.0");
            assertThat(b.matched().file()).isEqualTo(file);
            assertThat(b.driver()).isEqualTo(new DriverChoice.BestVfio());
            assertThat(b.force()).isFalse();
        });
        assertThat(decision.reason()).contains("persistent override (reactor set-override)");
    }

    @Test
    void stage_namedDriverWithForce_writesBindWithDriverAndForce() throws IOException {
        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("pci-stub"), true)) {
            staged.commit();
        }

        Decision decision = ((LoadResult.Loaded) PolicyLoader.load(store.policy())).policy().decide(edu());
        assertThat(decision).isInstanceOfSatisfying(Decision.Bind.class, b -> {
            assertThat(b.driver()).isEqualTo(new DriverChoice.Named("pci-stub"));
            assertThat(b.force()).isTrue();
        });
    }

    @Test
    void stage_badDriverName_failsNamingTheFinalFileAndWritesNothing() throws IOException {
        LoadResult result;
        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("pci stub\"\n[x]"), false)) {
            result = staged.result();
        }

        assertThat(result).isInstanceOfSatisfying(LoadResult.Failed.class, f -> {
            PolicyError e = f.errors().get(0);
            assertThat(e.file()).isEqualTo(store.fileFor(EDU));
            assertThat(e.key()).isEqualTo("rule[0].driver");
            assertThat(e.message()).startsWith("bad driver name \"pci stub\"\n[x]\"");
        });
        assertThat(Files.list(etc).map(p -> p.getFileName().toString())).containsExactly("05-admin.toml");
    }

    @Test
    void stage_anotherFileBroken_failsWithItsErrorAndCannotCommit() throws IOException {
        Files.writeString(etc.resolve("50-broken.toml"), "[[rule]]\nname = \"b\"\naction = \"vfio\"\nmatch.vendor = \"zz\"\n");

        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("vfio"), false)) {
            assertThat(staged.result()).isInstanceOfSatisfying(LoadResult.Failed.class,
                    f -> assertThat(f.errors()).extracting(PolicyError::file).containsExactly(etc.resolve("50-broken.toml")));
            org.assertj.core.api.Assertions.assertThatThrownBy(staged::commit).isInstanceOf(IllegalStateException.class);
        }
        assertThat(store.fileFor(EDU)).doesNotExist();
    }

    @Test
    void readRestoreRemove_roundTrip_putsBackTheEarlierFile() throws IOException {
        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("pci-stub"), false)) {
            staged.commit();
        }
        Optional<byte[]> earlier = store.read(EDU);
        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("vfio"), false)) {
            staged.commit();
        }

        store.restore(EDU, earlier);

        assertThat(store.list()).singleElement().satisfies(o -> assertThat(o.target()).contains(new OverrideTarget("pci-stub")));
        assertThat(store.remove(EDU)).isTrue();
        assertThat(store.remove(EDU)).isFalse();
        assertThat(store.read(EDU)).isEmpty();
        store.restore(EDU, Optional.empty());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void list_overrides_byAddressWithTargetsAndHandEditedOnesWithout() throws IOException {
        PciAddress nic = PciAddress.parse("0000:00:02.0");
        try (OverrideStore.Staged staged = store.stage(EDU, new OverrideTarget("vfio"), false)) {
            staged.commit();
        }
        try (OverrideStore.Staged staged = store.stage(nic, new OverrideTarget("pci-stub"), false)) {
            staged.commit();
        }
        Files.writeString(etc.resolve("00-override-0000:00:1f.2.toml"), "# emptied by hand\n");
        Files.writeString(etc.resolve("00-override-notes.toml"), "");

        assertThat(store.list()).extracting(o -> o.address() + " " + o.target().map(OverrideTarget::driver).orElse("?"))
                .containsExactly("0000:00:02.0 pci-stub", "0000:00:03.0 vfio", "0000:00:1f.2 ?");
    }

    @Test
    void list_noDirectory_isEmpty() throws IOException {
        OverrideStore elsewhere = new OverrideStore(PolicyDirectories.of(root.resolve("none")));

        assertThat(elsewhere.list()).isEmpty();
        assertThat(elsewhere.directory()).isEqualTo(root.resolve("none"));
    }
}
