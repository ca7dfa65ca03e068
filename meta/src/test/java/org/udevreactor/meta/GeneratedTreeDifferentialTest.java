package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random module trees, indexed by the real depmod and looked up by the real libkmod, against the
 * same tree indexed by us. Where the Debian tree fixes one trie shape, these vary it: patterns that
 * share prefixes and part at wildcards, the same pattern for several modules, modules.order
 * against file order, built-in aliases that tie on priority, and strings that hold wildcards
 * themselves. Modules are gcc-built objects that carry only a .modinfo section, which is all
 * depmod reads from them.
 */
class GeneratedTreeDifferentialTest {
    private static final String RELEASE = "6.1.0-generated";
    private static final String[] PIECES = {"a", "b", "c", "0", "1", "_", "*", "?", "[ab]", "[!a]", "[a-c]", "[0-9]", ":"};

    @TempDir
    Path temp;

    @Test
    void lookup_randomTreesAndStrings_answersAsLibkmod() throws Exception {
        Random random = new Random(4);
        List<String> mismatches = new ArrayList<>();
        int answered = 0;
        int asked = 0;
        for (int tree = 0; tree < 6; tree++) {
            Path root = temp.resolve("tree" + tree);
            Path dir = root.resolve("lib/modules/" + RELEASE);
            List<String> patterns = writeTree(dir, random);
            NativeOracles.depmod(root, RELEASE);
            ModuleIndex index = ModuleIndex.build(dir);

            List<byte[]> strings = strings(patterns, random);
            List<List<String>> libkmod = NativeOracles.lookup(dir, strings);
            for (int i = 0; i < strings.size(); i++) {
                List<String> ours = index.lookup(strings.get(i));
                if (!ours.equals(libkmod.get(i))) {
                    mismatches.add("tree " + tree + ": " + new String(strings.get(i), StandardCharsets.ISO_8859_1) + ": " + ours
                            + " != " + libkmod.get(i));
                }
                answered += libkmod.get(i).isEmpty() ? 0 : 1;
            }
            asked += strings.size();
        }
        assertThat(answered).as("strings libkmod resolved").isGreaterThan(asked / 4);
        assertThat(mismatches).isEmpty();
    }

    /** Writes 8 loadable and 4 built-in modules with random aliases; returns every pattern. */
    private static List<String> writeTree(Path dir, Random random) throws Exception {
        Files.createDirectories(dir.resolve("kernel"));
        List<String> patterns = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            String name = "mod" + m;
            List<String> modinfo = new ArrayList<>();
            for (int a = random.nextInt(4) + 1; a > 0; a--) {
                String pattern = random.nextInt(4) == 0 && !patterns.isEmpty() ? patterns.get(random.nextInt(patterns.size())) : pattern(random);
                patterns.add(pattern);
                modinfo.add("alias=" + pattern);
            }
            NativeOracles.compileModule(dir.resolve("kernel/" + name + ".ko"), modinfo);
            order.add("kernel/" + name + ".ko");
        }
        Collections.shuffle(order, random);
        Files.write(dir.resolve("modules.order"), order);
        List<String> builtin = new ArrayList<>();
        StringBuilder builtinModinfo = new StringBuilder();
        for (int m = 0; m < 4; m++) {
            builtin.add("kernel/builtin" + m + ".ko");
            for (int a = random.nextInt(3) + 1; a > 0; a--) {
                String pattern = random.nextBoolean() && !patterns.isEmpty() ? patterns.get(random.nextInt(patterns.size())) : pattern(random);
                patterns.add(pattern);
                builtinModinfo.append("builtin").append(m).append(".alias=").append(pattern).append('\0');
            }
        }
        Files.write(dir.resolve("modules.builtin"), builtin);
        Files.writeString(dir.resolve("modules.builtin.modinfo"), builtinModinfo.toString(), StandardCharsets.ISO_8859_1);
        return patterns;
    }

    private static String pattern(Random random) {
        StringBuilder p = new StringBuilder("dev:");
        for (int n = random.nextInt(6) + 1; n > 0; n--) {
            p.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return p.toString();
    }

    /** The patterns themselves, their cut and extended forms, random strings and module names. */
    private static List<byte[]> strings(List<String> patterns, Random random) {
        List<String> out = new ArrayList<>(List.of("mod1", "builtin2", "dev:", "dev:*", "dev:a-b"));
        for (int i = 0; i < 300; i++) {
            String s;
            switch (random.nextInt(4)) {
                case 0 -> s = patterns.get(random.nextInt(patterns.size()));
                case 1 -> {
                    String p = patterns.get(random.nextInt(patterns.size()));
                    s = p.substring(0, random.nextInt(p.length() + 1)) + "ab".substring(random.nextInt(3) == 0 ? 0 : 2);
                }
                default -> {
                    StringBuilder b = new StringBuilder("dev:");
                    for (int n = random.nextInt(7); n > 0; n--) {
                        b.append("abc01_-:*?[]".charAt(random.nextInt(12)));
                    }
                    s = b.toString();
                }
            }
            out.add(s);
        }
        return out.stream().map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }
}
