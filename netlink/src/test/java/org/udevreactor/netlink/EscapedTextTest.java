package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EscapedTextTest {

    @Test
    void escape_allByteValues_roundTrips() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String text = EscapedText.escape(all, 0, all.length);

        assertThat(text).startsWith("\\0\\x01").contains("ABC").contains("\\\\").endsWith("\\xff");
        assertThat(EscapedText.unescape(text)).isEqualTo(all);
    }

    @Test
    void excerpt_longInput_isCutWithEllipsis() {
        byte[] bytes = "abcdefghij".getBytes();

        assertThat(EscapedText.excerpt(bytes, 2, 8, 3)).isEqualTo("cde...");
        assertThat(EscapedText.excerpt(bytes, 0, 3, 3)).isEqualTo("abc");
    }

    @Test
    void unescape_badInput_namesTheIndex() {
        assertThatThrownBy(() -> EscapedText.unescape("ab\\q")).hasMessageContaining("\\q at index 2");
        assertThatThrownBy(() -> EscapedText.unescape("ab\\x4")).hasMessageContaining("index 2");
        assertThatThrownBy(() -> EscapedText.unescape("ab\\xzz")).hasMessageContaining("index 2");
        assertThatThrownBy(() -> EscapedText.unescape("ab\\")).hasMessageContaining("dangling");
        assertThatThrownBy(() -> EscapedText.unescape("tab\there")).hasMessageContaining("index 3");
    }
}
