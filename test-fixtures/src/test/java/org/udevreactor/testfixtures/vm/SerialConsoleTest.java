package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SerialConsoleTest {
    @Test
    void clean_firmwareEscapesAndCarriageReturns_leavesMarkerIntact() {
        // As captured from a real boot: SeaBIOS clears the screen right before init's first line.
        String raw = "Probing EDD (edd=off to disable)... ok\r\n\u001Bc\u001B[?7l\u001B[2J"
                + "udev-reactor-guest: root ready\r\r\n";

        String text = SerialConsole.clean(raw);

        assertThat(text).contains("\nudev-reactor-guest: root ready\n").doesNotContain("\r", "\u001B");
    }

    @Test
    void clean_colouredKernelLine_dropsSgrSequencesOnly() {
        assertThat(SerialConsole.clean("\u001B[0;31m[ 1.0] boom\u001B[0m\tx")).isEqualTo("[ 1.0] boom\tx");
    }
}
