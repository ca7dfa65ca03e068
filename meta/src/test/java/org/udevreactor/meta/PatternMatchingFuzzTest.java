package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes the pattern matcher. Each input is a few patterns and a text over a small alphabet rich
 * in pattern syntax; it checks
 * <ul>
 *   <li>the single-pattern matcher against a regex translation of the same pattern
 *       ({@link RegexGlobOracle}), where that translation exists;
 *   <li>the trie of all the patterns against the single-pattern matcher, pattern by pattern.
 * </ul>
 * In a normal build it runs as a regression test (its saved inputs) and, in the "fuzz" surefire
 * execution, as a short real fuzzing run; see meta/pom.xml for running it longer.
 */
class PatternMatchingFuzzTest {
    private static final String ALPHABET = "ab0-_:*?[]!^\\.=";

    @FuzzTest(maxDuration = "30s")
    void match_fuzzedPatternsAndText_agreesWithRegexAndSingleMatcher(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 4);
        List<byte[]> patterns = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < count; i++) {
            byte[] pattern = fromAlphabet(data.consumeString(16));
            if (distinct.add(new String(pattern, StandardCharsets.ISO_8859_1))) {
                patterns.add(pattern);
            }
        }
        byte[] text = fromAlphabet(data.consumeRemainingAsString());

        for (byte[] pattern : patterns) {
            Pattern regex = RegexGlobOracle.translate(pattern);
            if (regex != null) {
                ClassTable classes = new ClassTable();
                boolean ours = GlobMatcher.matches(GlobCompiler.compileGlob(pattern, 0, classes), classes, text, 0);
                assertThat(ours).as("fnmatch(%s, %s) vs regex %s", ascii(pattern), ascii(text), regex)
                        .isEqualTo(regex.matcher(ascii(text)).matches());
            }
        }

        AliasTableBuilder builder = new AliasTableBuilder();
        for (int i = 0; i < patterns.size(); i++) {
            builder.add(patterns.get(i), i, i);
        }
        AliasTrie trie = new AliasTrie(builder.build());
        MatchScratch scratch = MatchScratch.forThisThread();
        trie.match(text, scratch);
        Set<Integer> trieMatches = new HashSet<>();
        for (int n = 0; n < scratch.nodeCount(); n++) {
            trieMatches.add(trie.valueModule(trie.valueStart(scratch.node(n))));
        }
        Set<Integer> singleMatches = new HashSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            ClassTable classes = new ClassTable();
            if (GlobMatcher.matches(GlobCompiler.compileAlias(patterns.get(i), classes), classes, text, 0)) {
                singleMatches.add(i);
            }
        }
        assertThat(trieMatches).as("trie of %s on %s", patterns.stream().map(PatternMatchingFuzzTest::ascii).toList(), ascii(text))
                .isEqualTo(singleMatches);
    }

    private static byte[] fromAlphabet(String s) {
        byte[] out = new byte[Math.min(s.length(), 24)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ALPHABET.charAt(Math.floorMod(s.charAt(i), ALPHABET.length()));
        }
        return out;
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
