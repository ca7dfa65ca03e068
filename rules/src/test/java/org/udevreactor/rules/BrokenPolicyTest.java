package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken policy files in broken/: each file states its expected errors in
 * {@code # expect: LINE KEY MESSAGE-START} comments (KEY "-" for none), and loading it must give
 * exactly those errors, each with that line and key, and no policy.
 */
class BrokenPolicyTest {

    static Stream<Path> corpus() throws IOException {
        return Files.list(Fixtures.path("broken")).filter(p -> p.toString().endsWith(".toml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void load_brokenFile_failsWithExactlyTheExpectedFileLineAndKey(Path file) throws IOException {
        List<String[]> expected = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# expect: ")) {
                expected.add(line.substring("# expect: ".length()).split(" ", 3));
            }
        }
        assertThat(expected).as("expect comments in %s", file).isNotEmpty();

        LoadResult result = PolicyLoader.loadFiles(List.of(file));

        assertThat(result).isInstanceOf(LoadResult.Failed.class);
        List<PolicyError> errors = ((LoadResult.Failed) result).errors();
        assertThat(errors).as(errors.toString()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String[] want = expected.get(i);
            PolicyError got = errors.get(i);
            assertThat(got.file()).isEqualTo(file);
            assertThat(got.line()).as("line of %s", got).isEqualTo(Integer.parseInt(want[0]));
            assertThat(got.key()).as("key of %s", got).isEqualTo(want[1].equals("-") ? "" : want[1]);
            assertThat(got.message()).as("message of %s", got).startsWith(want[2]);
        }
    }

    @Test
    void load_setWithBrokenFiles_failsListingEveryErrorOfEveryFile() {
        LoadResult result = PolicyLoader.load(PolicyDirectories.of(Fixtures.path("broken-set")));

        assertThat(result).isInstanceOf(LoadResult.Failed.class);
        List<String> errors = ((LoadResult.Failed) result).errors().stream()
                .map(e -> e.file().getFileName() + ":" + e.line() + ":" + e.key())
                .toList();
        assertThat(errors).containsExactly(
                "20-duplicate.toml:7:rule[1].name",
                "30-syntax.toml:2:",
                "40-type.toml:4:rule[0].match.vendor");
    }

    @Test
    void load_duplicateAcrossFiles_namesTheEarlierRule() {
        LoadResult.Failed failed = (LoadResult.Failed) PolicyLoader.load(PolicyDirectories.of(Fixtures.path("broken-set")));

        assertThat(failed.errors().get(0).message())
                .isEqualTo("name \"shared\" is already used by the rule at " + Fixtures.path("broken-set/10-good.toml") + ":1");
    }

    @Test
    void toString_error_readsFileLineKeyMessage() {
        PolicyError e = new PolicyError(Path.of("/etc/reactor/rules.d/50-gpu.toml"), 7, "rule[0].match.vendor", "bad hex id \"zz\"");

        assertThat(e).hasToString("/etc/reactor/rules.d/50-gpu.toml:7: rule[0].match.vendor: bad hex id \"zz\"");
    }
}
