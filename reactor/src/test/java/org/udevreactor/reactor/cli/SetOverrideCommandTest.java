package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * set-override and unset-override from the command line on the FakeMachine:
 * the outcomes a tree of plain files can give (already bound, a guard, no override) with their
 * output and exit codes. Binding for real is in OverrideActionsTest (fake bus) and the VM scenario.
 */
class SetOverrideCommandTest {
    @TempDir
    Path temp;

    private FakeMachine machine;
    private Path rules;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void tree() throws IOException {
        machine = new FakeMachine(temp);
        rules = temp.resolve("etc/reactor/rules.d");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--rules-dir", rules.toString()));
        return machine.run(out, err, all.toArray(String[]::new));
    }

    @Test
    void setOverride_deviceAlreadyAsAsked_writesTheFileAndExits0() throws IOException {
        int exit = run("set-override", "00:04.0", "vfio");

        assertThat(exit).as(err.toString()).isZero();
        Path file = rules.resolve("00-override-0000:00:04.0.toml");
        assertThat(out.toString()).startsWith("wrote " + file + "\nalready bound: 0000:00:04.0 → vfio-pci");
        assertThat(Files.readString(file)).contains("name = \"override-0000:00:04.0\"\naction = \"vfio\"\n",
                "[rule.match]\naddress = \"0000:00:04.0\"\n");
        assertThat(machine.sys.resolve("devices/pci0000:00/0000:00:04.0/driver_override")).hasContent("vfio-pci");
    }

    @Test
    void setOverride_bootVga_isRefusedWritingNothingAndExits3() throws IOException {
        int exit = run("set-override", "0000:00:01.0", "pci-stub");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).startsWith("reactor set-override: rule \"override-0000:00:01.0\"")
                .contains("boot VGA").contains("; nothing written");
        assertThat(rules.resolve("00-override-0000:00:01.0.toml")).doesNotExist();
        try (var left = Files.list(rules)) {
            assertThat(left).as("no staging directory left behind").isEmpty();
        }
    }

    @Test
    void setOverride_badAddress_isAUsageError() {
        int exit = run("set-override", "00:02", "vfio");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("bad PCI address \"00:02\"");
    }

    @Test
    void unsetOverride_none_exits1SayingWhereItLooked() {
        int exit = run("unset-override", "0000:00:02.0");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("reactor unset-override: no override for 0000:00:02.0 (no "
                + rules.resolve("00-override-0000:00:02.0.toml") + ")\n");
    }
}
