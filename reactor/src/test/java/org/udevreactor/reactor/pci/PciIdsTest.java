package org.udevreactor.reactor.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PciIdsTest {
    private static final Path EXTRACT = resource("pci.ids.extract");

    @TempDir
    Path tmp;

    @Test
    void lookups_extract_nameVendorDeviceSubsystemAndClass() {
        PciIds ids = PciIds.firstOf(List.of(EXTRACT));

        assertThat(ids.source()).contains(EXTRACT);
        assertThat(ids.vendor(0x8086)).contains("Intel Corporation");
        assertThat(ids.device(0x8086, 0x10d3)).contains("82574L Gigabit Network Connection");
        assertThat(ids.subsystem(0x8086, 0x10d3, 0x1043, 0x8369)).contains("Motherboard");
        assertThat(ids.device(0x10de, 0x1b80)).contains("GP104 [GeForce GTX 1080]");
        assertThat(ids.className(0x020000)).contains("Ethernet controller");
        assertThat(ids.className(0x0c0330)).contains("USB controller");
        assertThat(ids.programmingInterface(0x0c0330)).contains("XHCI");
        assertThat(ids.programmingInterface(0x030001)).contains("8514 controller");
    }

    @Test
    void lookups_commentBetweenVendorAndDevice_keepsTheDeviceUnderItsVendor() {
        PciIds ids = PciIds.firstOf(List.of(EXTRACT));

        assertThat(ids.device(0x1af4, 0x1041)).contains("Virtio 1.0 network device");
    }

    @Test
    void lookups_unknownIds_areEmptyNotErrors() {
        PciIds ids = PciIds.firstOf(List.of(EXTRACT));

        // QEMU's edu device: 1234 is in no pci.ids, as lspci's "Device 1234:11e8" shows.
        assertThat(ids.vendor(0x1234)).isEmpty();
        assertThat(ids.device(0x1234, 0x11e8)).isEmpty();
        assertThat(ids.device(0x8086, 0xffff)).isEmpty();
        assertThat(ids.subsystem(0x8086, 0x10d3, 0x1af4, 0x1100)).isEmpty();
        assertThat(ids.programmingInterface(0x020000)).isEmpty();
    }

    @Test
    void className_unknownSubclass_fallsBackToTheClass() {
        PciIds ids = PciIds.firstOf(List.of(EXTRACT));

        assertThat(ids.className(0x030200)).contains("Display controller");
        assertThat(ids.className(0x0b4000)).isEmpty();
    }

    @Test
    void parse_linesThatFitNoRule_areSkippedAndNamedInTheNote() throws IOException {
        PciIds ids = PciIds.firstOf(List.of(EXTRACT));
        int lines = Files.readAllLines(EXTRACT).size();

        assertThat(ids.note()).contains(EXTRACT + ": 3 line(s) not understood and skipped (line "
                + (lines - 2) + ", " + (lines - 1) + ", " + lines + ")");
        assertThat(ids.className(0xff0000)).contains("Unassigned class");
    }

    @Test
    void firstOf_noFile_hasNoNamesAndOneNoteSayingWhatToDo() {
        Path missing = tmp.resolve("misc/pci.ids");

        PciIds ids = PciIds.firstOf(List.of(missing, tmp.resolve("hwdata/pci.ids")));

        assertThat(ids.vendor(0x8086)).isEmpty();
        assertThat(ids.source()).isEmpty();
        assertThat(ids.note()).contains("no pci.ids in " + missing + " or " + tmp.resolve("hwdata/pci.ids")
                + "; PCI ids are shown without names (install Debian's pci.ids package, or name a file with --pci-ids)");
    }

    @Test
    void firstOf_firstMissing_usesTheNextOneGzipped() throws IOException {
        Path gz = tmp.resolve("pci.ids.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(EXTRACT, out);
        }

        PciIds ids = PciIds.firstOf(List.of(tmp.resolve("missing.ids"), gz));

        assertThat(ids.source()).contains(gz);
        assertThat(ids.vendor(0x10de)).contains("NVIDIA Corporation");
    }

    @Test
    void firstOf_unreadableFile_hasNoNamesAndSaysWhy() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("pci.ids"));

        PciIds ids = PciIds.firstOf(List.of(dir));

        assertThat(ids.vendor(0x8086)).isEmpty();
        assertThat(ids.note()).hasValueSatisfying(n -> assertThat(n).startsWith("cannot read " + dir));
    }

    /** The file tools/install-deps installs: every line understood, and the names lspci prints. */
    @Test
    void system_installedPciIds_isUnderstoodLineForLine() {
        boolean present = PciIds.STANDARD_LOCATIONS.stream().anyMatch(Files::isRegularFile);
        if (!present) {
            String why = "no pci.ids in " + PciIds.STANDARD_LOCATIONS + " (tools/install-deps installs the pci.ids package)";
            assertThat(System.getenv("CI")).as(why).isNotEqualTo("true");
            System.out.println("skipped: " + why);
        }
        assumeThat(present).as("pci.ids installed").isTrue();

        PciIds ids = PciIds.system();

        assertThat(ids.note()).isEmpty();
        assertThat(ids.vendorCount()).isGreaterThan(2000);
        assertThat(ids.vendor(0x8086)).contains("Intel Corporation");
        assertThat(ids.device(0x8086, 0x10d3)).contains("82574L Gigabit Network Connection");
        assertThat(ids.device(0x1af4, 0x1041)).contains("Virtio 1.0 network device");
        assertThat(ids.vendor(0x1234)).isEmpty();
        assertThat(ids.className(0x010802)).contains("Non-Volatile memory controller");
        assertThat(ids.programmingInterface(0x0c0330)).contains("XHCI");
    }

    private static Path resource(String name) {
        try {
            return Path.of(PciIdsTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
