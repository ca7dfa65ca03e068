package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.reactor.overrides.OverrideStore;
import org.udevreactor.reactor.overrides.OverrideTarget;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsTree;
import org.udevreactor.rules.PolicyDirectories;
import picocli.CommandLine;

/** reactor list-overrides over override files in a temp policy directory and the fake q35 sysfs tree. */
class ListOverridesCommandTest {
    @TempDir
    Path temp;

    private Path sys;
    private Path rules;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void tree() {
        sys = temp.resolve("sys");
        SysfsTree.buildFromResource(sys, SysfsTree.class, "q35-guest.tree");
        rules = temp.resolve("rules.d");
    }

    private void override(String address, String driver) throws IOException {
        try (OverrideStore.Staged staged = new OverrideStore(PolicyDirectories.of(rules))
                .stage(PciAddress.parse(address), new OverrideTarget(driver), false)) {
            staged.commit();
        }
    }

    private int run(String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void listOverrides_files_showAddressTargetDriverNowAndFile() throws IOException {
        override("0000:00:03.0", "vfio");
        override("0000:00:02.0", "pci-stub");
        override("0000:00:09.0", "vfio");

        int exit = run("list-overrides", "--rules-dir", rules.toString(), "--sys", sys.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(
                "0000:00:02.0  pci-stub       e1000e         " + rules.resolve("00-override-0000:00:02.0.toml") + "\n"
                        + "0000:00:03.0  vfio           none           " + rules.resolve("00-override-0000:00:03.0.toml") + "\n"
                        + "0000:00:09.0  vfio           absent         " + rules.resolve("00-override-0000:00:09.0.toml") + "\n");
    }

    @Test
    void listOverrides_json_isAnArrayWithNullsForWhatIsUnknown() throws IOException {
        override("0000:00:09.0", "vfio");

        int exit = run("list-overrides", "--json", "--rules-dir", rules.toString(), "--sys", sys.toString());

        assertThat(exit).isZero();
        assertThat(out.toString().replaceAll("\\s+", "")).isEqualTo("[{\"address\":\"0000:00:09.0\",\"override\":\"vfio\","
                + "\"driver_now\":null,\"present\":false,\"file\":\"" + rules.resolve("00-override-0000:00:09.0.toml") + "\"}]");
    }

    @Test
    void listOverrides_none_saysWhereItLooked() throws IOException {
        Files.createDirectories(rules);

        int exit = run("list-overrides", "--rules-dir", rules.toString(), "--sys", sys.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("no overrides in " + rules + "\n");
    }
}
