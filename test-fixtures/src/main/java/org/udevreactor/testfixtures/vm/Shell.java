package org.udevreactor.testfixtures.vm;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for POSIX sh, so arguments reach a guest command exactly as given. */
public final class Shell {
    private Shell() {
    }

    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String quoteAll(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
