package org.udevreactor.deb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DebianMirrorTest {
    // As `apt-get indextargets --format DebianMirror.FORMAT` prints it on a Debian 12 host.
    private static final String BOOKWORM_HOST = """
            http://archive.example/debian-security/|bookworm-security|Debian|Packages
            http://archive.example/debian/|bookworm-updates|Debian|Packages
            http://archive.example/debian/|bookworm|Debian|Translations
            http://archive.example/debian/|bookworm|Debian|Packages
            http://other.example/repo/|bookworm|Other|Packages
            """;

    @Test
    void forRelease_releaseItself_notItsUpdatesNorSecuritySuites() {
        assertThat(DebianMirror.forRelease("bookworm", BOOKWORM_HOST)).contains("http://archive.example/debian/");
    }

    @Test
    void forRelease_anotherVendorsRepository_isNotDebian() {
        String onlyOther = "http://other.example/repo/|bookworm|Other|Packages\n";
        assertThat(DebianMirror.forRelease("bookworm", onlyOther)).isEmpty();
    }

    @Test
    void forRelease_releaseNotConfigured_isEmpty() {
        assertThat(DebianMirror.forRelease("trixie", BOOKWORM_HOST)).isEmpty();
    }

    @Test
    void forRelease_malformedLines_areIgnored() {
        assertThat(DebianMirror.forRelease("bookworm", "garbage\n|||\n\n")).isEmpty();
    }
}
