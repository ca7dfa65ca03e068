package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColdplugSideTest {
    @Test
    void parse_kindsAndOptions_udevdFirstThenInOrderWithoutRepeats() {
        List<ColdplugSide> sides = ColdplugSide.parse("launcher17, launcher17 -Xint -Xmx64m,jar,launcher17");

        assertThat(sides).extracting(ColdplugSide::name).containsExactly("udevd", "launcher17", "launcher17 -Xint -Xmx64m", "jar");
        assertThat(sides.get(2).kind()).isEqualTo(ColdplugSide.Kind.LAUNCHER_17);
        assertThat(sides.get(2).options()).isEqualTo("-Xint -Xmx64m");
        assertThat(sides.get(1).options()).isEmpty();
    }

    @Test
    void parse_alias_isTheLauncherWithItsOptions() {
        ColdplugSide late = ColdplugSide.parse("launcher17-late").get(1);

        assertThat(late.kind()).isEqualTo(ColdplugSide.Kind.LAUNCHER_17);
        assertThat(late.options()).isEqualTo("-Dreactor.coldplug.earlyLoads=false");
        assertThat(late.label()).endsWith("[launcher17-late]");
    }

    @Test
    void label_plainKind_isTheKindsLabel() {
        assertThat(ColdplugSide.plain(ColdplugSide.Kind.LAUNCHER_25).label()).isEqualTo(ColdplugSide.Kind.LAUNCHER_25.label);
    }

    @Test
    void isDaemon_onlyTheReactorSides() {
        assertThat(ColdplugSide.parse("floor17,floor25,jar,launcher17,launcher25")).extracting(ColdplugSide::isDaemon)
                .containsExactly(false, false, false, true, true, true);
    }

    @Test
    void parse_unknownSide_failsNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> ColdplugSide.parse("udevd,launcher18 -Xint"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"launcher18\"").hasMessageContaining("launcher25");
    }

    @Test
    void parse_udevdWithOptions_fails() {
        assertThatThrownBy(() -> ColdplugSide.parse("udevd -Xint"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("udevd takes no JVM options");
    }
}
