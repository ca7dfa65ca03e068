package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCheckCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path write(String relative, String... lines) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void check_validDropIns_listsRulesInPrecedenceOrderAndExitsZero() throws IOException {
        Path vendor = write("usr/50-gpu.toml", "[[rule]]", "name = \"gpu\"", "action = \"vfio\"", "iommu_group = \"whole\"",
                "match.vendor = \"10de\"");
        Path admin = write("etc/10-nic.toml", "# a comment", "[[rule]]", "name = \"nic\"", "action = \"bind\"",
                "driver = \"pci-stub\"", "match.address = \"0000:03:00.1\"");

        int exit = run("rules", "check", temp.resolve("usr").toString(), temp.resolve("etc").toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(
                admin + ":2: nic: bind pci-stub\n"
                        + vendor + ":1: gpu: vfio, iommu_group whole\n"
                        + "ok: 2 rules from 2 files (" + temp.resolve("usr") + " " + temp.resolve("etc")
                        + "), in precedence order: the first rule that matches a device decides\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void check_laterDirectory_replacesTheFileOfTheSameName() throws IOException {
        write("usr/50-gpu.toml", "[[rule]]", "name = \"gpu\"", "action = \"vfio\"", "match.vendor = \"10de\"");
        Path masking = write("etc/50-gpu.toml", "[[rule]]", "name = \"gpu-admin\"", "action = \"ignore\"", "match.vendor = \"10de\"");

        int exit = run("rules", "check", temp.resolve("usr").toString(), temp.resolve("etc").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith(masking + ":1: gpu-admin: ignore\nok: 1 rule from 1 file");
    }

    @Test
    void check_brokenFiles_printsEveryErrorAsFileLineKeyAndExits65() throws IOException {
        Path bad = write("d/20-bad.toml", "[[rule]]", "name = \"x\"", "action = \"vfio\"", "[rule.match]", "vendor = \"10zz\"",
                "colour = \"red\"");
        Path syntax = write("d/30-syntax.toml", "[[rule]]", "name = = 1");

        int exit = run("rules", "check", temp.resolve("d").toString());

        assertThat(exit).isEqualTo(65);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith(bad + ":5: rule[0].match.vendor: bad hex id \"10zz\"");
        assertThat(lines.get(1)).startsWith(bad + ":6: rule[0].match.colour: unknown key");
        assertThat(lines.get(2)).startsWith(syntax + ":2: TOML syntax: ");
        assertThat(lines.get(3)).isEqualTo("reactor rules check: 3 errors in 2 files; none of this policy would be applied");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void check_files_areReadInTheOrderGiven() throws IOException {
        Path b = write("b.toml", "[[rule]]", "name = \"b\"", "action = \"ignore\"", "match.subsystem = \"usb\"");
        Path a = write("a.toml", "[[rule]]", "name = \"a\"", "action = \"load\"", "modules = \"ftdi_sio\"", "match.subsystem = \"usb\"");

        int exit = run("rules", "check", b.toString(), a.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith(b + ":1: b: ignore\n" + a + ":1: a: load ftdi_sio\nok: 2 rules from 2 files");
    }

    @Test
    void check_directoryAndFileMixed_isAUsageError() throws IOException {
        Path file = write("d/a.toml", "");

        int exit = run("rules", "check", temp.resolve("d").toString(), file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("give either drop-in directories or policy files, not both");
    }

    @Test
    void check_readmeExample_isValid() throws IOException {
        Path readme = Path.of(System.getProperty("udevreactor.fixtures")).resolveSibling("README.md");
        List<String> example = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.equals("    # /etc/reactor/rules.d/50-passthrough.toml")) {
                inside = true;
            } else if (inside && !line.isBlank() && !line.startsWith("    ")) {
                break;
            }
            if (inside) {
                example.add(line.isBlank() ? "" : line.substring(4));
            }
        }
        assertThat(example).as("the passthrough example in %s", readme).hasSizeGreaterThan(10);
        Path file = write("50-passthrough.toml", example.toArray(String[]::new));

        int exit = run("rules", "check", file.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains(": nvidia-gpu: vfio, iommu_group whole\n");
    }
}
