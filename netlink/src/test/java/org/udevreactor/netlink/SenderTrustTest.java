package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SenderTrustTest {

    @Test
    void check_kernelGroupFromKernel_isTrusted() {
        assertThat(SenderTrust.check(NetlinkGroup.KERNEL, 0, 0)).isNull();
    }

    @Test
    void check_kernelGroupFromRootProcess_isUntrustedDespiteUidZero() {
        assertThat(SenderTrust.check(NetlinkGroup.KERNEL, 4242, 0)).isEqualTo(RejectReason.UNTRUSTED_SENDER);
        assertThat(SenderTrust.check(NetlinkGroup.KERNEL, -5, 0)).as("port ids above 2^31")
                .isEqualTo(RejectReason.UNTRUSTED_SENDER);
    }

    @Test
    void check_udevGroupFromRootDaemon_isTrusted() {
        assertThat(SenderTrust.check(NetlinkGroup.UDEV, 812, 0)).isNull();
    }

    @Test
    void check_udevGroupFromOtherUser_isUntrusted() {
        assertThat(SenderTrust.check(NetlinkGroup.UDEV, 812, 1000)).isEqualTo(RejectReason.UNTRUSTED_SENDER);
    }

    @Test
    void check_withoutCredentials_isRejectedOnBothGroups() {
        assertThat(SenderTrust.check(NetlinkGroup.KERNEL, 0, -1)).isEqualTo(RejectReason.NO_CREDENTIALS);
        assertThat(SenderTrust.check(NetlinkGroup.UDEV, 812, -1)).isEqualTo(RejectReason.NO_CREDENTIALS);
    }
}
