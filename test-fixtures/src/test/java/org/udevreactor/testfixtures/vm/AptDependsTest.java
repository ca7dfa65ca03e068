package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AptDependsTest {
    @Test
    void parse_headersPackageOutput_listsDirectDependsInOrder() {
        String output = """
                linux-headers-6.1.0-56-amd64
                  Depends: linux-headers-6.1.0-56-common
                  Depends: linux-kbuild-6.1
                  Depends: linux-compiler-gcc-12-x86
                """;

        assertThat(AptDepends.parse(output))
                .containsExactly("linux-headers-6.1.0-56-common", "linux-kbuild-6.1", "linux-compiler-gcc-12-x86");
    }

    @Test
    void parse_alternativesVirtualsAndOtherRelations_keepsAlternativesSkipsTheRest() {
        String output = """
                foo
                 |Depends: bar
                  Depends: baz
                  Depends: <virtual-thing>
                  Recommends: qux
                  Breaks: old
                """;

        assertThat(AptDepends.parse(output)).containsExactly("bar", "baz");
    }

    @Test
    void parse_unknownPackageOutput_isEmpty() {
        assertThat(AptDepends.parse("")).isEmpty();
    }
}
