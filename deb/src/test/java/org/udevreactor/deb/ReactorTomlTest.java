package org.udevreactor.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.udevreactor.reactor.daemon.settings.SettingsFile;

/** The package's /etc/reactor/reactor.toml: valid as shipped, and every commented key is one the daemon reads. */
class ReactorTomlTest {
    private static final Path CONFFILE = Path.of("src/deb/files/reactor.toml");

    @Test
    void asShipped_isValidSettings() {
        assertThatCode(() -> SettingsFile.parse(CONFFILE, Files.readString(CONFFILE))).doesNotThrowAnyException();
    }

    @Test
    void everyCommentedKey_uncommented_isAKnownKeyOfTheRightType() throws IOException {
        String uncommented = Files.readAllLines(CONFFILE).stream()
                .map(line -> line.matches("# [a-z_]+ = .*") ? line.substring(2) : line)
                .collect(Collectors.joining("\n"));
        assertThat(uncommented.lines().filter(line -> line.matches("[a-z_]+ = .*")).count()).isEqualTo(13);

        assertThatCode(() -> SettingsFile.parse(CONFFILE, uncommented)).doesNotThrowAnyException();
    }
}
