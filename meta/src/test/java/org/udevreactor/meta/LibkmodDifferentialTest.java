package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our lookup against the real libkmod on the real Debian 6.1 index: every modalias of the shared
 * corpus, and generated odd strings, must give the same modules in the same order.
 */
class LibkmodDifferentialTest {
    private static ModuleIndex index;

    @BeforeAll
    static void buildIndex() throws Exception {
        index = ModuleIndex.build(SharedTestData.debianModuleDir());
    }

    @Test
    void lookup_everyCorpusModalias_answersAsLibkmod() throws Exception {
        List<String> corpus = Files.readAllLines(SharedTestData.corpus(), StandardCharsets.ISO_8859_1);
        List<byte[]> strings = corpus.stream().map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList();

        List<String> mismatches = compare(strings);

        assertThat(corpus).hasSize(20_000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void lookup_generatedOddStrings_answersAsLibkmod() throws Exception {
        List<String> corpus = Files.readAllLines(SharedTestData.corpus(), StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(SharedTestData.debianModuleDir().resolve("modules.builtin"))) {
            names.add(ModuleNames.fromPath(line).replace('_', '-'));
        }
        for (String line : Files.readAllLines(SharedTestData.debianModuleDir().resolve("modules.dep"))) {
            names.add(ModuleNames.fromPath(line.substring(0, line.indexOf(':'))));
        }
        List<String> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(SharedTestData.debianModuleDir().resolve("modules.alias"))) {
            if (line.startsWith("alias ")) {
                patterns.add(line.split(" ")[1]);
            }
        }
        List<byte[]> strings = OddModaliases.generate(corpus, names, patterns, 20240601L, 12_000);

        List<String> mismatches = compare(strings);

        assertThat(mismatches).isEmpty();
    }

    @Test
    void lookup_sampleStrings_answersAsModprobeResolveAlias() throws Exception {
        List<String> corpus = Files.readAllLines(SharedTestData.corpus(), StandardCharsets.ISO_8859_1);
        List<String> sample = new ArrayList<>(List.of("fs-debugfs", "snd-hda-intel", "ext4", "nothing:here", "vfio_pci:v*d*sv*sd*bc*sc*i*",
                "hid:b0003g*v000005ACp00000236", "usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in*"));
        for (int i = 0; i < corpus.size(); i += 997) {
            sample.add(corpus.get(i));
        }

        for (String s : sample) {
            assertThat(index.lookup(s)).as("modprobe -R %s", s).isEqualTo(NativeOracles.modprobeResolve(SharedTestData.debianRoot(),
                    SharedTestData.KERNEL_RELEASE, s));
        }
    }

    /** Every string where we and libkmod differ, as "string: ours != libkmod's". */
    private static List<String> compare(List<byte[]> strings) throws Exception {
        Path moduleDir = SharedTestData.debianModuleDir();
        List<List<String>> expected = NativeOracles.lookup(moduleDir, strings);
        List<String> mismatches = new ArrayList<>();
        int answered = 0;
        for (int i = 0; i < strings.size(); i++) {
            List<String> ours = index.lookup(strings.get(i));
            if (!ours.equals(expected.get(i))) {
                mismatches.add(new String(strings.get(i), StandardCharsets.ISO_8859_1) + ": " + ours + " != " + expected.get(i));
            }
            answered += expected.get(i).isEmpty() ? 0 : 1;
        }
        // The comparison means something only if libkmod found modules for many of the strings.
        assertThat(answered).as("strings libkmod resolved").isGreaterThan(strings.size() / 10);
        return mismatches.size() > 50 ? mismatches.subList(0, 50) : mismatches;
    }
}
