package org.udevreactor.netlink;

/**
 * Who may speak on a uevent group. Any root process can send to group 1, and its messages carry
 * uid 0 just like the kernel's, so the uid alone proves nothing: on the kernel group only a sender
 * port id of 0 (the kernel itself) is trusted. On the udev group the sender must be root, as
 * systemd's monitor requires. Without SCM_CREDENTIALS nothing is trusted.
 */
final class SenderTrust {
    private SenderTrust() {
    }

    /**
     * @param senderPortId nl_pid of the sender's address (0 for the kernel)
     * @param senderUid    the uid from SCM_CREDENTIALS, or -1 when the message carried none
     * @return null when the message is trusted, else why not
     */
    static RejectReason check(NetlinkGroup group, int senderPortId, long senderUid) {
        if (senderUid < 0) {
            return RejectReason.NO_CREDENTIALS;
        }
        if (group == NetlinkGroup.KERNEL && senderPortId != 0) {
            return RejectReason.UNTRUSTED_SENDER;
        }
        if (senderUid != 0) {
            return RejectReason.UNTRUSTED_SENDER;
        }
        return null;
    }
}
