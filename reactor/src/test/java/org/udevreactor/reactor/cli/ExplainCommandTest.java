package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reactor explain on a fake sysfs tree, a small module tree with the edu variant driver, a policy
 * and the pci.ids extract: what it says, and that it writes nothing.
 */
class ExplainCommandTest {
    private static final String EDU_MODALIAS = "pci:v00001234d000011E8sv00001AF4sd00001100bc00scFFi00";

    @TempDir
    Path temp;

    private FakeMachine machine;
    private Path sys;
    private Path rules;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void tree() throws IOException {
        machine = new FakeMachine(temp);
        sys = machine.sys;
        rules = temp.resolve("rules.d");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("50-edu.toml"), "[[rule]]\nname = \"edu\"\naction = \"vfio\"\nmatch.vendor = \"1234\"\n\n"
                + "[[rule]]\nname = \"ftdi\"\naction = \"load\"\nmodules = \"ftdi_sio\"\nmatch.modalias = \"usb:v0403p6001*\"\n");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("explain"));
        all.addAll(List.of(args));
        all.addAll(List.of("--rules-dir", rules.toString(), "--pci-ids", resource("../pci/pci.ids.extract").toString()));
        return machine.run(out, err, all.toArray(String[]::new));
    }

    @Test
    void explain_eduWithAVfioRule_namesRuleVariantGroupWritesAndWritesNothing() throws IOException {
        int exit = run("0000:00:03.0");

        assertThat(exit).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("device 0000:00:03.0 (/devices/pci0000:00/0000:00:03.0)\n",
                "  vendor:dev:  1234:11e8 Vendor 1234 Device 11e8\n",
                "  subsys ids:  1af4:1100 Red Hat, Inc. Device 1100\n",
                "  iommu group: 3\n",
                "decision: bind vfio (best variant, else vfio-pci)\n",
                "  rule \"edu\" (" + rules.resolve("50-edu.toml") + ":1) matched ",
                "load edu_vfio_pci ",
                "driver candidates for 0000:00:03.0, best first:\n  1. edu_vfio_pci (module edu_vfio_pci)",
                "  2. vfio-pci (module vfio_pci)",
                "iommu: IOMMU group 3, 0 other member(s): viable\n",
                "\"edu_vfio_pci\" > " + sys.resolve("bus/pci/devices/0000:00:03.0/driver_override"),
                "\"0000:00:03.0\" > " + sys.resolve("bus/pci/drivers_probe"));
        assertThat(text.indexOf("driver_override")).isLessThan(text.indexOf("drivers_probe"));
        assertThat(sys.resolve("devices/pci0000:00/0000:00:03.0/driver_override")).hasContent("(null)");
        assertThat(sys.resolve("bus/pci/drivers_probe")).doesNotExist();
    }

    @Test
    void explain_nicWithoutRule_isAutoloadWithItsModulePlan() {
        int exit = run("/sys/devices/pci0000:00/0000:00:02.0".replace("/sys", sys.toString()));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  vendor:dev:  8086:10d3 Intel Corporation 82574L Gigabit Network Connection\n",
                "  class:       020000 Ethernet controller\n",
                "  driver:      e1000e\n",
                "decision: no rule matched: module autoload by MODALIAS\n",
                "  load e1000e kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko (requested)\n",
                "outcome: nothing to bind for 0000:00:02.0");
    }

    @Test
    void explain_barePciModalias_decidesOnWhatItSpellsOutAndRanksTheVfioDrivers() {
        int exit = run(EDU_MODALIAS);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("modalias " + EDU_MODALIAS + " (decided as a device with only what it says)\n"
                        + "  subsystem:   pci\n  class:       00ff00 Class 00ff\n  vendor:dev:  1234:11e8 Vendor 1234 Device 11e8\n")
                .contains("decision: bind vfio (best variant, else vfio-pci)\n  rule \"edu\"",
                        "  load edu_vfio_pci updates/edu_vfio_pci.ko (requested)\n",
                        "  1. edu_vfio_pci: alias vfio_pci:v00001234d000011E8sv*sd*bc*sc*i*\n",
                        "  2. vfio_pci: alias vfio_pci:v*d*sv*sd*bc*sc*i*\n")
                .doesNotContain("sysfs writes");
    }

    @Test
    void explain_bareUsbModalias_getsTheLoadRulesModules() {
        int exit = run("usb:v0403p6001d0600dc00dsc00dp00icFFiscFFipFFin00");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  subsystem:   usb\n", "decision: load ftdi_sio (instead of the MODALIAS lookup)\n",
                "  rule \"ftdi\"", "  missing ftdi_sio (requested)\n");
    }

    @Test
    void explain_json_hasEverySectionForScripts() throws IOException {
        int exit = run("--json", "0000:00:03.0");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("device").path("pci").path("vendor").path("id").asText()).isEqualTo("1234");
        assertThat(json.path("device").path("pci").path("vendor").path("name").isNull()).isTrue();
        assertThat(json.path("device").path("pci_state").path("iommu_group").asText()).isEqualTo("3");
        assertThat(json.path("decision").path("type").asText()).isEqualTo("bind");
        assertThat(json.path("decision").path("rule").path("name").asText()).isEqualTo("edu");
        assertThat(json.path("module_plans").get(0).path("steps").findValuesAsText("module")).contains("edu_vfio_pci");
        assertThat(json.path("bind").path("devices").get(0).path("chosen").asText()).isEqualTo("edu_vfio_pci");
        assertThat(json.path("bind").path("iommu_group").path("viable").asBoolean()).isTrue();
        assertThat(json.path("bind").path("writes").get(0).path("path").asText())
                .isEqualTo(sys.resolve("bus/pci/devices/0000:00:03.0/driver_override").toString());
        assertThat(json.path("notes")).isEmpty();
    }

    @Test
    void explain_noSuchDevice_exits4() {
        int exit = run("0000:00:09.0");

        assertThat(exit).isEqualTo(4);
        assertThat(err.toString()).contains("device gone: /bus/pci/devices/0000:00:09.0");
    }

    @Test
    void explain_brokenPolicy_printsItsErrorsAndExits65() throws IOException {
        Files.writeString(rules.resolve("60-bad.toml"), "[[rule]]\nname = \"bad\"\naction = \"vfio\"\nmatch.vendor = \"zz\"\n");

        int exit = run("0000:00:03.0");

        assertThat(exit).isEqualTo(65);
        assertThat(err.toString()).contains(rules.resolve("60-bad.toml") + ":4: rule[0].match.vendor: ",
                "reactor explain: the policy does not load (1 errors)");
    }

    @Test
    void explain_notAnAddressDevpathOrModalias_isAUsageError() {
        int exit = run("nonsense");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("\"nonsense\" is not a PCI address");
    }

    private static Path resource(String name) {
        try {
            return Path.of(ExplainCommandTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
