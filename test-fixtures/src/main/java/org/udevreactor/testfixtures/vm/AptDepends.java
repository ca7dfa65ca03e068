package org.udevreactor.testfixtures.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the direct "Depends:" lines of `apt-cache depends PACKAGE`. Alternatives ("|Depends:")
 * count like plain ones; virtual packages ("&lt;name&gt;") are skipped because they cannot be
 * downloaded by name.
 */
final class AptDepends {
    private static final Pattern DEPENDS = Pattern.compile("^\\s*\\|?Depends:\\s*(\\S+)\\s*$");

    private AptDepends() {
    }

    static List<String> parse(String aptCacheDependsOutput) {
        List<String> packages = new ArrayList<>();
        for (String line : aptCacheDependsOutput.lines().toList()) {
            Matcher m = DEPENDS.matcher(line);
            if (m.matches() && !m.group(1).startsWith("<")) {
                packages.add(m.group(1));
            }
        }
        return packages;
    }
}
