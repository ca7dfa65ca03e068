package org.udevreactor.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AliasNormalizationTest {
    private static String normalize(String s) {
        byte[] out = AliasNormalization.normalize(s.getBytes(StandardCharsets.ISO_8859_1));
        return out == null ? null : new String(out, StandardCharsets.ISO_8859_1);
    }

    @Test
    void normalize_dashOutsideBrackets_becomesUnderscore() {
        assertThat(normalize("snd-hda-intel")).isEqualTo("snd_hda_intel");
    }

    @Test
    void normalize_dashInsideBrackets_staysARangeDash() {
        assertThat(normalize("d0[1-3]-x")).isEqualTo("d0[1-3]_x");
    }

    @Test
    void normalize_unmatchedBrackets_areInvalid() {
        assertThat(normalize("a]")).isNull();
        assertThat(normalize("a[b")).isNull();
    }

    @Test
    void normalize_longerThanLibkmodsBuffer_isCut() {
        assertThat(normalize("a".repeat(5000))).hasSize(AliasNormalization.MAX_LENGTH);
    }

    @Test
    void normalize_nul_endsTheStringAsInC() {
        assertThat(normalize("ab\0cd")).isEqualTo("ab");
    }

    @Test
    void normalizeAlias_publicStringForm_sameRulesEmptyWhenInvalid() {
        assertThat(ModuleIndex.normalizeAlias("my-nic[-_]*")).contains("my_nic[-_]*");
        assertThat(ModuleIndex.normalizeAlias("pci:v[0-9")).isEmpty();
    }
}
