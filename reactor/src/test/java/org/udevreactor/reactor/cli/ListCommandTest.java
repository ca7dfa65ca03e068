package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.reactor.daemon.DaemonFixtures;
import picocli.CommandLine;

/** reactor list: against lspci on this host's real PCI bus, and on a fake tree for VFIO and rules. */
class ListCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Without a daemon: a daemon running on this host must not change what these tests see. */
    private int run(String... args) {
        CommandLine cli = new CommandLine(new ListCommand()).setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withFlag = java.util.stream.Stream.concat(java.util.stream.Stream.of("--no-daemon"), java.util.Arrays.stream(args))
                .toArray(String[]::new);
        return cli.execute(withFlag);
    }

    @Test
    void list_thisHost_namesAndDriversAsLspci() throws Exception {
        Map<String, Map<String, String>> lspci = lspci();
        assertThat(lspci).as("this host has PCI functions").isNotEmpty();

        assertThat(run("--json", "--rules-dir", temp.resolve("none").toString())).as(err.toString()).isZero();

        List<JsonNode> rows = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertThat(rows).extracting(r -> r.get("address").asText()).containsExactlyElementsOf(lspci.keySet());
        for (JsonNode row : rows) {
            Map<String, String> l = lspci.get(row.get("address").asText());
            String at = row.get("address").asText();
            assertThat(name(row, "class_name", "Class " + row.get("class").asText().substring(0, 4))).as(at).isEqualTo(l.get("Class"));
            assertThat(name(row, "vendor_name", "Vendor " + row.get("vendor").asText())).as(at).isEqualTo(l.get("Vendor"));
            assertThat(name(row, "device_name", "Device")).as(at).isEqualTo(l.get("Device"));
            assertThat(row.get("driver").isNull() ? null : row.get("driver").asText()).as(at).isEqualTo(l.get("Driver"));
        }
    }

    @Test
    void list_fakeTree_vfioNodeAndTheDecidingRule() throws Exception {
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        Path edu = sys.resolve("devices/pci0000:00/0000:00:03.0");
        Files.createDirectories(edu.resolve("vfio-dev/vfio0"));
        Files.createDirectories(sys.resolve("bus/pci/drivers/vfio-pci"));
        Files.createSymbolicLink(edu.resolve("driver"), Path.of("../../../bus/pci/drivers/vfio-pci"));
        Path rules = Files.createDirectories(temp.resolve("rules.d"));
        Path rule = Files.writeString(rules.resolve("50-edu.toml"), """
                [[rule]]
                name = "edu-to-vfio"
                action = "vfio"
                match = { vendor = "1234", device = "11e8" }
                """);
        Path ids = Files.writeString(temp.resolve("pci.ids"), """
                1234  Technical Corp.
                \t11e8  Edu device
                C ff  Unassigned class
                """);

        assertThat(run("--sys", sys.toString(), "--rules-dir", rules.toString(), "--pci-ids", ids.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo("0000:00:03.0 Unassigned class [ff00]: Technical Corp. Edu device [1234:11e8]\n"
                + "\tSubsystem: 1af4:1100 Vendor 1af4 Device 1100\n"
                + "\tKernel driver in use: vfio-pci\n"
                + "\tIOMMU group: 3\tVFIO: /dev/vfio/3\n"
                + "\tRule: edu-to-vfio (" + rule + ":1)\n");
    }

    @Test
    void list_brokenPolicy_listsWithoutRulesExit65() throws Exception {
        Path sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        Path rules = Files.createDirectories(temp.resolve("rules.d"));
        Path rule = Files.writeString(rules.resolve("50-edu.toml"), "[[rule]]\nname = \"x\"\naction = \"vfio\"\nmatch = { vendor = \"10zz\" }\n");

        assertThat(run("--json", "--sys", sys.toString(), "--rules-dir", rules.toString())).isEqualTo(65);

        assertThat(err.toString()).contains(rule + ":4: ").contains("reactor list: the policy does not load; no rule is shown");
        assertThat(out.toString()).contains("\"address\":\"0000:00:03.0\"").contains("\"rule\":null");
    }

    @Test
    void list_noPciBus_exit66NamingThePath() {
        assertThat(run("--sys", temp.toString())).isEqualTo(66);
        assertThat(err.toString()).contains("reactor list: no PCI bus in sysfs: " + temp.resolve("bus/pci/devices") + " does not exist");
    }

    private static String name(JsonNode row, String field, String fallback) {
        return row.get(field).isNull() ? fallback : row.get(field).asText();
    }

    /** lspci -D -vmm -nn -k by slot, each value without its "[id]" suffix. */
    private static Map<String, Map<String, String>> lspci() throws Exception {
        Process p = new ProcessBuilder("lspci", "-D", "-vmm", "-nn", "-k").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Map<String, Map<String, String>> bySlot = new LinkedHashMap<>();
        for (String block : text.strip().split("\n\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : block.split("\n")) {
                int tab = line.indexOf(":\t");
                fields.put(line.substring(0, tab), line.substring(tab + 2).replaceFirst(" \\[[0-9a-f]{2,4}\\]$", ""));
            }
            bySlot.put(fields.get("Slot"), fields);
        }
        return bySlot;
    }
}
