package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
    @Test
    void quoteAll_wordsWithSpacesQuotesAndDollars_reachShUnchanged() throws Exception {
        List<String> words = List.of("a b", "it's", "$HOME", "`x`", "");

        String echoed = HostCommand.of("sh", "-c", "printf '%s\\n' " + Shell.quoteAll(words)).run();

        assertThat(echoed.lines()).containsExactlyElementsOf(words);
    }
}
