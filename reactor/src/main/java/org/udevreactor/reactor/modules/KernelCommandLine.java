package org.udevreactor.reactor.modules;

import java.util.ArrayList;
import java.util.List;

/**
 * What /proc/cmdline says to modprobe: {@code NAME.param=value} (or a bare {@code NAME.flag})
 * becomes an option of module NAME, {@code modprobe.blacklist=a,b} blacklists a and b. Words are
 * split on spaces outside double quotes; quotes stay in the value, where the kernel's parameter
 * parser expects them. Everything else (the kernel's own and init's words) is ignored.
 */
public final class KernelCommandLine {
    private KernelCommandLine() {
    }

    public static ModprobeConfig.Builder apply(String cmdline, ModprobeConfig.Builder into) {
        for (String word : words(cmdline)) {
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                continue;
            }
            String module = key.substring(0, dot);
            if (module.equals("modprobe")) {
                if (key.equals("modprobe.blacklist") && eq > 0) {
                    for (String name : unquoted(word.substring(eq + 1)).split(",")) {
                        if (!name.isEmpty()) {
                            into.blacklist(name);
                        }
                    }
                }
                continue;
            }
            into.option(module, word.substring(dot + 1));
        }
        return into;
    }

    static List<String> words(String cmdline) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquoted(String value) {
        return value.replace("\"", "");
    }
}
