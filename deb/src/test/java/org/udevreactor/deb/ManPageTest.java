package org.udevreactor.deb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.cli.ReactorCommand;

class ManPageTest {

    @Test
    void text_leadingDotOrQuote_isNotARequest() {
        assertThat(ManPage.text(".fi")).isEqualTo("\\&.fi");
        assertThat(ManPage.text("'x")).isEqualTo("\\&'x");
    }

    @Test
    void text_backslashAndHyphen_areEscaped() {
        assertThat(ManPage.text("--sys C:\\dir")).isEqualTo("\\-\\-sys C:\\edir");
    }

    @Test
    void render_everyCommandAndNestedCommand_hasItsSectionWithItsHelp() {
        String page = ManPage.render(ReactorCommand.commandLine(), "1.2.3", "2026-11-21");

        assertThat(page).startsWith(".TH REACTOR 1 \"2026-11-21\" \"udev-reactor 1.2.3\"");
        assertThat(page).contains(".SS \"reactor run\"", ".SS \"reactor list\"", ".SS \"reactor status\"",
                ".SS \"reactor meta lookup\"", ".SS \"reactor rules check\"");
        assertThat(page).contains("Usage: reactor run [\\-hnV]");
        assertThat(page).doesNotContain(".SS \"reactor help\"");
    }
}
