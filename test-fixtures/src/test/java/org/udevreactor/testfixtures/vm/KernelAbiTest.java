package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelAbiTest {
    @Test
    void fromMetapackageDepends_signedImage_takesAbiFromPackageName() {
        KernelAbi abi = KernelAbi.fromMetapackageDepends(List.of("linux-image-6.1.0-56-amd64"));

        assertThat(abi.value()).isEqualTo("6.1.0-56-amd64");
        assertThat(abi.imagePackage()).isEqualTo("linux-image-6.1.0-56-amd64");
        assertThat(abi.headersPackage()).isEqualTo("linux-headers-6.1.0-56-amd64");
    }

    @Test
    void fromMetapackageDepends_unsignedImageAmongOthers_dropsUnsignedSuffix() {
        KernelAbi abi = KernelAbi.fromMetapackageDepends(
                List.of("linux-base", "linux-image-6.12.9-amd64-unsigned", "initramfs-tools"));

        assertThat(abi.value()).isEqualTo("6.12.9-amd64");
    }

    @Test
    void fromMetapackageDepends_noImagePackage_failsNamingMetapackageAndDepends() {
        assertThatThrownBy(() -> KernelAbi.fromMetapackageDepends(List.of("linux-base")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("linux-image-amd64")
                .hasMessageContaining("linux-base");
    }

    @Test
    void constructor_pathLikeValue_isRejected() {
        assertThatThrownBy(() -> new KernelAbi("../etc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../etc");
    }
}
