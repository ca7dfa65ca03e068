package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FnmatchPatternTest {

    @Test
    void matches_wildcardsBracketsAndEscapes_behaveAsFnmatch() {
        assertThat(FnmatchPattern.compile("0000:0[1-3]:00.*").matches("0000:02:00.1")).isTrue();
        assertThat(FnmatchPattern.compile("0000:0[1-3]:00.*").matches("0000:04:00.1")).isFalse();
        assertThat(FnmatchPattern.compile("pci:v000010DEd*").matches("pci:v000010DEd00001B80sv0sd0bc03sc00i00")).isTrue();
        assertThat(FnmatchPattern.compile("[!a]?").matches("bc")).isTrue();
        assertThat(FnmatchPattern.compile("a\\*").matches("a*")).isTrue();
        assertThat(FnmatchPattern.compile("a\\*").matches("ab")).isFalse();
        assertThat(FnmatchPattern.compile("*/x").matches("a/b/x")).isTrue();
        assertThat(FnmatchPattern.compile("").matches("")).isTrue();
        assertThat(FnmatchPattern.compile("").matches("a")).isFalse();
    }

    @Test
    void flaw_unterminatedBracket_isNamedAndReadLiterally() {
        FnmatchPattern p = FnmatchPattern.compile("vfio[pci");
        assertThat(p.flaw()).contains("'[' is never closed by ']'");
        assertThat(p.matches("vfio[pci")).isTrue();
    }

    @Test
    void flaw_patternsThatCanNeverMatch_areNamed() {
        assertThat(FnmatchPattern.compile("a\\").flaw()).contains("a trailing '\\' never matches");
        assertThat(FnmatchPattern.compile("[[:nope:]]").flaw()).contains("bracket expression [[:nope:]] matches nothing");
        assertThat(FnmatchPattern.compile("a\0b").flaw()).contains("contains a NUL byte");
    }

    @Test
    void flaw_ordinaryPatterns_isEmpty() {
        assertThat(FnmatchPattern.compile("[a-f0-9]*").flaw()).isEmpty();
        assertThat(FnmatchPattern.compile("[]]").flaw()).isEmpty();
        assertThat(FnmatchPattern.compile("\\[").flaw()).isEmpty();
    }

    @Test
    void isLiteral_withAndWithoutWildcards_tellsThemApart() {
        assertThat(FnmatchPattern.compile("pci").isLiteral()).isTrue();
        assertThat(FnmatchPattern.compile("pc?").isLiteral()).isFalse();
        assertThat(FnmatchPattern.compile("p[c]i").isLiteral()).isFalse();
    }
}
