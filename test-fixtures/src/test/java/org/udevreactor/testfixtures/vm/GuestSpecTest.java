package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestSpecTest {
    @Test
    void constructor_tooLittleMemory_failsNamingField() {
        assertThatThrownBy(() -> new GuestSpec(128, List.of(), 1, Path.of("r.jar")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryMib");
    }

    @Test
    void constructor_noCpus_failsNamingField() {
        assertThatThrownBy(() -> new GuestSpec(512, List.of(), 1, Path.of("r.jar"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpus");
    }

    @Test
    void withCpus_standardSpec_keepsTheRestAndLeavesOriginalOnOne() {
        GuestSpec standard = GuestSpec.standard();

        GuestSpec two = standard.withCpus(2);

        assertThat(two.cpus()).isEqualTo(2);
        assertThat(two.devices()).isEqualTo(standard.devices());
        assertThat(standard.cpus()).isEqualTo(1);
    }

    @Test
    void withDevice_standardSpec_appendsAndLeavesOriginalUnchanged() {
        GuestSpec standard = GuestSpec.standard();

        GuestSpec more = standard.withDevice("edu,id=edu1");

        assertThat(more.devices()).endsWith("edu,id=edu1").hasSize(standard.devices().size() + 1);
        assertThat(standard.devices()).doesNotContain("edu,id=edu1");
    }
}
