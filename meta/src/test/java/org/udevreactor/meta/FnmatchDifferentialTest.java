package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pattern matcher against glibc's fnmatch itself, on generated patterns rich in the corners
 * of bracket expressions (negation, leading ']', ranges with escaped or bracketed ends, classes,
 * [=x=] and [.x.], unterminated expressions, trailing backslashes).
 */
class FnmatchDifferentialTest {
    private static final String[] PIECES = {
        "a", "b", "c", "-", "*", "?", "\\", "[", "]", "!", "^", ":", "=", ".", "[a-c]", "[!a]", "[^b]", "[]a]", "[!]a]",
        "[a-]", "[-a]", "[c-a]", "[a\\]]", "[\\a-c]", "[a-\\c]", "[[:alpha:]]", "[[:digit:]x]", "[[:nope:]]", "[[:alpha:]",
        "[[=a=]]", "[[=ab=]]", "[[.a.]]", "[[.a.]-c]", "[a-[.c.]]", "[[.ab.]]", "[[.-.]", "[a-c-e]", "[--0]", "[[]", "[*?]",
        "[a", "[!", "[]", "[!]", "[\\", "[a-", "[[:", "[[=", "[[.", "[[:zz:]]", "[[:xdigit:]]", "[[:upper:][:punct:]]"};
    private static final String TEXT_ALPHABET = "abc-[]!^:=.\\*?0A/";

    @Test
    void matches_generatedPatterns_agreesWithGlibcFnmatch() throws Exception {
        Random random = new Random(7);
        List<byte[][]> pairs = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            StringBuilder pattern = new StringBuilder();
            for (int n = random.nextInt(4) + 1; n > 0; n--) {
                pattern.append(PIECES[random.nextInt(PIECES.length)]);
            }
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(5); n > 0; n--) {
                text.append(TEXT_ALPHABET.charAt(random.nextInt(TEXT_ALPHABET.length())));
            }
            if (random.nextInt(3) == 0) {
                // Often a text that spells the pattern itself, where literal readings of brackets match.
                text.setLength(0);
                text.append(pattern);
            }
            pairs.add(new byte[][] {bytes(pattern), bytes(text)});
        }

        List<Boolean> glibc = NativeOracles.fnmatch(pairs);

        List<String> mismatches = new ArrayList<>();
        int glibcMatches = 0;
        for (int i = 0; i < pairs.size(); i++) {
            ClassTable classes = new ClassTable();
            int[] tokens = GlobCompiler.compileGlob(pairs.get(i)[0], 0, classes);
            boolean ours = GlobMatcher.matches(tokens, classes, pairs.get(i)[1], 0);
            glibcMatches += glibc.get(i) ? 1 : 0;
            if (ours != glibc.get(i)) {
                mismatches.add("fnmatch(\"" + text(pairs.get(i)[0]) + "\", \"" + text(pairs.get(i)[1]) + "\") glibc=" + glibc.get(i));
            }
        }
        assertThat(glibcMatches).as("pairs glibc matched").isGreaterThan(pairs.size() / 50);
        assertThat(mismatches).isEmpty();
    }

    private static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
