package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The policy fixtures under src/test/resources/org/udevreactor/rules, and loading them. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String relative) {
        try {
            return Path.of(Fixtures.class.getResource(relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + relative, e);
        }
    }

    /** Loads files that must be valid. */
    static Policy policy(String... relative) {
        LoadResult result = PolicyLoader.loadFiles(java.util.Arrays.stream(relative).map(Fixtures::path).toList());
        assertThat(result).as("load of %s", List.of(relative)).isInstanceOf(LoadResult.Loaded.class);
        return ((LoadResult.Loaded) result).policy();
    }

    static Rule rule(Policy policy, String name) {
        return policy.rules().stream().filter(r -> r.ref().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name));
    }
}
