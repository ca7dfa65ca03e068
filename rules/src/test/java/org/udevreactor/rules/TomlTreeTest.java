package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TomlDocuments#read} against what it replaces, {@code TomlMapper.readTree} with the same
 * features: for every TOML file in the repository (policy fixtures, the package's files) and the
 * format's edge cases, the same tree, compared node class by node class and value by value
 * (a decimal's scale too, which {@code JsonNode.equals} ignores), or the same exception with the
 * same message and location.
 */
class TomlTreeTest {
    private static final TomlMapper MAPPER = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();
    /** The repository: surefire runs in the module's directory, rules/. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    static Stream<Arguments> repositoryFiles() throws IOException {
        try (Stream<Path> all = Files.walk(REPOSITORY)) {
            List<Path> files = all
                    .filter(p -> REPOSITORY.relativize(p).toString().endsWith(".toml"))
                    .filter(p -> !REPOSITORY.relativize(p).toString().matches("(.*/)?(target|\\.git)/.*"))
                    .sorted().toList();
            return files.stream().map(p -> Arguments.of(Named.of(REPOSITORY.relativize(p).toString(), p)));
        }
    }

    @Test
    void repositoryFiles_areFound() throws IOException {
        List<String> names = repositoryFiles().map(a -> ((Named<?>) a.get()[0]).getName()).toList();

        // The walk must see the fixtures and the package's files, or the test below proves nothing.
        assertThat(names).hasSizeGreaterThan(50)
                .contains("deb/src/deb/files/reactor.toml", "deb/src/deb/files/50-examples.toml",
                        "rules/src/test/resources/org/udevreactor/rules/every-key.toml",
                        "rules/src/test/resources/org/udevreactor/rules/broken/syntax-error.toml");
    }

    @ParameterizedTest
    @MethodSource("repositoryFiles")
    void read_repositoryFile_asTomlMapper(Path file) throws IOException {
        assertSameAsMapper(Files.readString(file));
    }

    /** Documents TomlMapper reads: each must give the same tree. */
    static Stream<Arguments> validDocuments() {
        return Stream.of(
                doc("empty", ""),
                doc("comments and blank lines only", "# a\n\n   # b\r\n"),
                doc("ints by size", """
                        zero = 0
                        minus_zero = -0
                        plus = +17
                        underscores = 1_000_000
                        int_max = 2147483647
                        int_max_plus_1 = 2147483648
                        int_min = -2147483648
                        int_min_minus_1 = -2147483649
                        ten_digits_small = 1000000000
                        long_max = 9223372036854775807
                        long_max_plus_1 = 9223372036854775808
                        long_min = -9223372036854775808
                        long_min_minus_1 = -9223372036854775809
                        huge = 123456789012345678901234567890
                        """),
                doc("ints in other bases", """
                        hex = 0xDEADBEEF
                        hex_small = 0x7fffffff
                        hex_underscore = 0xdead_beef
                        hex_long = 0x7fffffffffffffff
                        hex_big = 0xffffffffffffffffff
                        octal = 0o755
                        octal_long = 0o7777777777777
                        octal_big = 0o7777777777777777777777777
                        binary = 0b1101
                        binary_32 = 0b11111111111111111111111111111111
                        binary_64 = 0b1111111111111111111111111111111111111111111111111111111111111111
                        """),
                doc("floats", """
                        one = 1.0
                        trailing_zero = 1.50
                        hundred = 100.0
                        zero = 0.0
                        minus_zero = -0.0
                        plus_zero = +0.0
                        exponent = 6.02e23
                        small = 1e-7
                        plus_exponent = 5e+22
                        capital_e = 1E6
                        underscores = 3.141_592_65
                        many_digits = 0.1000000000000000055511151231257827021181583404541015625
                        huge_exponent = 1e1000
                        scale_overflow_when_stripped = 100e2147483647
                        tiny_exponent = 1e-2147483647
                        """),
                doc("inf and nan", "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n"),
                doc("booleans", "t = true\nf = false\n"),
                doc("strings", """
                        basic = "a \\"quoted\\" \\t tab \\\\ backslash \\u00e9 \\U0001F600"
                        literal = 'C:\\Users\\no escapes'
                        empty = ""
                        empty_literal = ''
                        multi = \"\"\"
                        first \\
                          joined
                        second\"\"\"
                        multi_literal = '''
                        raw \\n line
                        '''
                        unicode = "grüße 日本"
                        """),
                doc("dates and times", """
                        offset = 1979-05-27T07:32:00Z
                        offset_fraction = 1979-05-27T00:32:00.999999-07:00
                        space_delimiter = 1979-05-27 07:32:00Z
                        local_date_time = 1979-05-27T07:32:00
                        local_space = 1979-05-27 07:32:00.5
                        local_date = 1979-05-27
                        local_time = 07:32:00
                        local_time_fraction = 00:32:00.999999
                        leap_day = 2024-02-29
                        in_array = [1979-05-27, 07:32:00]
                        """),
                doc("arrays", """
                        empty = []
                        nested = [[1, 2], ["a"], [], [[]]]
                        mixed = [1, "a", 2.0, true, 1979-05-27, { x = 1 }]
                        trailing_comma = [1, 2,]
                        multi_line = [
                          1, # one
                          2,
                          # nothing
                        ]
                        """),
                doc("inline tables", "empty = {}\nt = { a = 1, b = { c = [] }, d.e = 'x' }\n"),
                doc("tables and keys", """
                        top = 1
                        a.b.c = 2
                        "quoted.key" = 3
                        'literal key' = 4
                        "" = 5
                        1234 = 6
                        bare-key_x = 7
                        [empty]
                        [x.y.z]
                        w = 1
                        [x]
                        v = 2
                        [ spaced . "table" ]
                        k = 3
                        """),
                doc("arrays of tables", """
                        [[rule]]
                        name = "a"
                        [rule.match]
                        vendor = "10de"
                        [[rule.match.list]]
                        n = 1
                        [[rule]]
                        [[rule]]
                        name = "c"
                        rule_sub.x = 1
                        """),
                doc("key order kept", "z = 1\na = 2\nm = 3\n[q]\nb = 1\na = 2\n"),
                doc("CRLF line ends", "a = 1\r\n[t]\r\nb = \"x\"\r\n"),
                doc("dotted key 999 tables deep", "k" + ".k".repeat(998) + " = 1\n"),
                doc("lone surrogate escape", "a = \"\\uD800\"\n"),
                doc("arrays 500 deep", "a = " + "[".repeat(500) + "]".repeat(500) + "\n"),
                doc("10,000 keys", keys(10_000)));
    }

    @ParameterizedTest
    @MethodSource("validDocuments")
    void read_validDocument_asTomlMapper(String text) throws IOException {
        assertThatCode(() -> MAPPER.readTree(text)).as("TomlMapper reads it").doesNotThrowAnyException();
        assertSameAsMapper(text);
    }

    /** Documents TomlMapper refuses: each must be refused with the same exception. */
    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                doc("missing value", "a =\n"),
                doc("two pairs on a line", "a = 1 b = 2\n"),
                doc("duplicate key", "a = 1\na = 2\n"),
                doc("duplicate through a dotted key", "a.b = 1\n[a]\nb = 2\n"),
                doc("table redefined", "[a]\n[a]\n"),
                doc("value as a table", "a = 1\n[a]\n"),
                doc("value then array of tables", "a = []\n[[a]]\n"),
                doc("unterminated string", "a = \"abc\n"),
                doc("bad escape", "a = \"\\q\"\n"),
                doc("day out of range", "d = 1979-05-35\n"),
                doc("month out of range", "d = 1979-13-01\n"),
                doc("not a leap year", "d = 2023-02-29\n"),
                doc("hour out of range", "t = 25:00:00\n"),
                doc("offset out of range", "d = 1979-05-27T07:32:00+25:00\n"),
                doc("leading zero", "a = 01\n"),
                doc("double underscore", "a = 1__0\n"),
                doc("trailing underscore", "a = 1_\n"),
                doc("float without digits after the point", "a = 1.\n"),
                doc("integer longer than the constraints", "a = " + "9".repeat(1_001) + "\n"),
                doc("float longer than the constraints", "a = 0." + "1".repeat(1_001) + "\n"),
                doc("dotted key deeper than the constraints", "k" + ".k".repeat(1_000) + " = 1\n"),
                doc("tables deeper than the constraints", "[k" + ".k".repeat(1_000) + "]\n"),
                doc("arrays deeper than the constraints", "a = " + "[".repeat(1_001) + "]".repeat(1_001) + "\n"),
                doc("inline table trailing comma", "a = { b = 1, }\n"),
                doc("inline table over lines", "a = { b = 1,\n c = 2 }\n"),
                doc("unclosed array", "a = [1, 2\n"),
                doc("unclosed table header", "[a\nb = 1\n"),
                doc("key without value at end of file", "a"),
                doc("bare word value", "a = yes\n"),
                doc("control character in a string", "a = \"\u0001\"\n"),
                doc("NUL", "a = 1\u0000\n"));
    }

    @ParameterizedTest
    @MethodSource("invalidDocuments")
    void read_invalidDocument_failsAsTomlMapper(String text) {
        Throwable expected = thrownBy(() -> MAPPER.readTree(text));
        Throwable actual = thrownBy(() -> TomlDocuments.read(text));

        assertThat(expected).as("TomlMapper refuses it").isNotNull();
        assertSameFailure(actual, expected);
    }

    /** The tree or the failure TomlMapper gives, exactly. Also used by the fuzz test on every input. */
    static void assertSameAsMapper(String text) {
        JsonNode[] expected = new JsonNode[1];
        Throwable expectedFailure = thrownBy(() -> expected[0] = MAPPER.readTree(text));
        JsonNode[] actual = new JsonNode[1];
        Throwable actualFailure = thrownBy(() -> actual[0] = TomlDocuments.read(text));
        if (expectedFailure != null || actualFailure != null) {
            assertSameFailure(actualFailure, expectedFailure);
            return;
        }
        assertThat(typed(actual[0])).isEqualTo(typed(expected[0]));
        assertThat(actual[0]).isEqualTo(expected[0]);
    }

    private static void assertSameFailure(Throwable actual, Throwable expected) {
        assertThat(actual).as("failure (TomlMapper's: %s)", expected).isNotNull();
        assertThat(expected).as("failure (TomlMapper read it; this: %s)", actual).isNotNull();
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
        if (expected instanceof JsonProcessingException e) {
            JsonProcessingException a = (JsonProcessingException) actual;
            assertThat(a.getOriginalMessage()).isEqualTo(e.getOriginalMessage());
            assertThat(String.valueOf(a.getLocation())).isEqualTo(String.valueOf(e.getLocation()));
        }
        if (expected instanceof DateTimeParseException e) {
            DateTimeParseException a = (DateTimeParseException) actual;
            assertThat(a.getParsedString()).isEqualTo(e.getParsedString());
            assertThat(a.getErrorIndex()).isEqualTo(e.getErrorIndex());
            assertThat(String.valueOf(a.getCause())).isEqualTo(String.valueOf(e.getCause()));
        }
    }

    /**
     * The tree as text naming each node's class and its value's class and exact text (BigDecimal's
     * toString shows its scale: 1.5 and 1.50 differ), in key order.
     */
    private static String typed(JsonNode root) {
        StringBuilder out = new StringBuilder();
        typed(root, out);
        return out.toString();
    }

    private static void typed(JsonNode node, StringBuilder out) {
        out.append(node.getClass().getSimpleName());
        if (node.isObject()) {
            out.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.append('"').append(field.getKey()).append("\":");
                typed(field.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode element : node) {
                typed(element, out);
                out.append(',');
            }
            out.append(']');
        } else if (node instanceof POJONode pojo) {
            out.append('(').append(pojo.getPojo().getClass().getName()).append(' ').append(pojo.getPojo()).append(')');
        } else if (node.isNumber()) {
            out.append('(').append(node.numberValue().getClass().getSimpleName()).append(' ').append(node.numberValue()).append(')');
        } else {
            out.append('(').append(node.asText()).append(')');
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Throwable thrownBy(Action action) {
        try {
            action.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static Arguments doc(String name, String text) {
        return Arguments.of(Named.of(name, text));
    }

    private static String keys(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i % 100 == 0 ? "[t" + i / 100 + "]\n" : "").append("k").append(i).append(" = ").append(i * 7919L).append('\n');
        }
        return text.toString();
    }
}
