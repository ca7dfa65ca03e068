package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLinesTest {
    private static KeyPath path(Object... segments) {
        return new KeyPath(java.util.Arrays.stream(segments).map(String::valueOf).toList());
    }

    @Test
    void lineOf_arrayOfTables_resolvesEachHeaderToItsElement() {
        KeyLines lines = KeyLines.scan("[[rule]]\nname = \"a\"\n[rule.match]\nvendor = \"10de\"\n\n[[rule]]\nname = \"b\"\n");

        assertThat(lines.lineOf(path("rule", 0))).isEqualTo(1);
        assertThat(lines.lineOf(path("rule", 0, "match", "vendor"))).isEqualTo(4);
        assertThat(lines.lineOf(path("rule", 1, "name"))).isEqualTo(7);
        assertThat(lines.lineOf(path("rule"))).isEqualTo(1);
    }

    @Test
    void lineOf_dottedAndQuotedKeys_areRecorded() {
        KeyLines lines = KeyLines.scan("[[rule]]\nmatch . properties.\"ID X\" = \"1\"\nmatch.'attributes'.'power/control' = \"on\"\n");

        assertThat(lines.lineOf(path("rule", 0, "match", "properties", "ID X"))).isEqualTo(2);
        assertThat(lines.lineOf(path("rule", 0, "match", "attributes", "power/control"))).isEqualTo(3);
    }

    @Test
    void lineOf_keyInsideInlineTable_isTheInlineTablesLine() {
        KeyLines lines = KeyLines.scan("[[rule]]\n\nmatch = { vendor = \"10de\" }\n");

        assertThat(lines.lineOf(path("rule", 0, "match", "vendor"))).isEqualTo(3);
    }

    @Test
    void lineOf_absentKey_isItsRulesHeader() {
        KeyLines lines = KeyLines.scan("# c\n[[rule]]\naction = \"vfio\"\n");

        assertThat(lines.lineOf(path("rule", 0, "name"))).isEqualTo(2);
        assertThat(lines.lineOf(path("other"))).isZero();
    }

    @Test
    void scan_multilineStringAndArray_doNotLookLikeKeys() {
        KeyLines lines = KeyLines.scan("[[rule]]\nreason = \"\"\"\nname = \"fake\"\n\"\"\"\nmodules = [\n  \"a=b\",\n]\nname = \"real\"\r\n");

        assertThat(lines.lineOf(path("rule", 0, "name"))).isEqualTo(8);
        assertThat(lines.lineOf(path("rule", 0, "modules"))).isEqualTo(5);
    }

    @Test
    void lineOf_quotedKeyWithEscapes_isRecordedUnescaped() {
        KeyLines lines = KeyLines.scan("[[rule]]\nmatch.properties.\"\\u0049D\\tX\\\"\" = \"1\"\n");

        assertThat(lines.lineOf(path("rule", 0, "match", "properties", "ID\tX\""))).isEqualTo(2);
    }

    @Test
    void lineOfValue_valueAfterEqualsOrInArray_isFoundNotInAStringOrComment() {
        String source = "# 1979-05-35\nreason = \"since 1979-05-35\"\nx = [1, 1979-05-35]\n";

        assertThat(KeyLines.lineOfValue(source, "1979-05-35")).isEqualTo(3);
        assertThat(KeyLines.lineOfValue(source, "2000-01-01")).isEqualTo(1);
    }

    @Test
    void toString_keyPath_printsIndicesAndQuotesOddKeys() {
        assertThat(path("rule", 2, "match", "vendor")).hasToString("rule[2].match.vendor");
        assertThat(path("rule", 0, "match", "attributes", "power/control")).hasToString("rule[0].match.attributes.\"power/control\"");
        assertThat(new KeyPath(List.of("rules"))).hasToString("rules");
    }
}
