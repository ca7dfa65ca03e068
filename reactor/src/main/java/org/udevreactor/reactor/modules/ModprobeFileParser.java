package org.udevreactor.reactor.modules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.udevreactor.meta.ModuleIndex;

/**
 * One modprobe.d file's lines: {@code alias}, {@code options}, {@code blacklist},
 * {@code softdep}, {@code install}, {@code remove}. '#' starts a comment line; a trailing
 * backslash joins the next line. A line that cannot be applied is recorded as a problem naming
 * FILE:LINE (of its first physical line) and skipped, as modprobe skips it: one bad line must not
 * cost every module its options. modules.softdep is read by this parser too, after modprobe.d,
 * as libkmod reads it.
 */
final class ModprobeFileParser {
    private ModprobeFileParser() {
    }

    static void parse(Path file, List<String> lines, ModprobeConfig.Builder into) {
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            StringBuilder logical = new StringBuilder(lines.get(i));
            while (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\\' && i + 1 < lines.size()) {
                logical.setLength(logical.length() - 1);
                logical.append(' ').append(lines.get(++i));
            }
            String line = logical.toString().strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (first + 1);
            String problem = apply(line.split("\\s+"), line, into);
            if (problem != null) {
                into.problem(where, problem);
            }
        }
    }

    /** Applies one line; returns why it was not applied, or null. */
    private static String apply(String[] f, String line, ModprobeConfig.Builder into) {
        switch (f[0]) {
            case "options" -> {
                if (f.length < 3) {
                    return "expected \"options MODULE OPTION...\", got \"" + line + "\"";
                }
                for (int k = 2; k < f.length; k++) {
                    into.option(f[1], f[k]);
                }
            }
            case "blacklist" -> {
                if (f.length != 2) {
                    return "expected \"blacklist MODULE\", got \"" + line + "\"";
                }
                into.blacklist(f[1]);
            }
            case "softdep" -> {
                if (f.length < 3) {
                    return "expected \"softdep MODULE [pre: ...] [post: ...]\", got \"" + line + "\"";
                }
                List<String> pre = new ArrayList<>();
                List<String> post = new ArrayList<>();
                List<String> target = null;
                for (String word : Arrays.asList(f).subList(2, f.length)) {
                    if (word.equals("pre:")) {
                        target = pre;
                    } else if (word.equals("post:")) {
                        target = post;
                    } else if (target == null) {
                        continue; // as libkmod: depmod writes "softdep cifs gcm" for a softdep without a prefix
                    } else {
                        target.add(word);
                    }
                }
                into.softdep(f[1], pre, post);
            }
            case "install", "remove" -> {
                if (f.length < 3) {
                    return "expected \"" + f[0] + " MODULE COMMAND...\", got \"" + line + "\"";
                }
                String command = line.substring(line.indexOf(f[1], f[0].length()) + f[1].length()).strip();
                if (f[0].equals("install")) {
                    into.install(f[1], command);
                } else {
                    into.remove(f[1], command);
                }
            }
            case "alias" -> {
                if (f.length != 3) {
                    return "expected \"alias WILDCARD MODULE\", got \"" + line + "\"";
                }
                Optional<String> pattern = ModuleIndex.normalizeAlias(f[1]);
                Optional<String> module = ModuleIndex.normalizeAlias(f[2]);
                if (pattern.isEmpty() || module.isEmpty()) {
                    return "unmatched '[' or ']' in \"" + line + "\"";
                }
                into.alias(pattern.get(), module.get());
            }
            default -> {
                return "unknown command \"" + f[0] + "\"";
            }
        }
        return null;
    }
}
