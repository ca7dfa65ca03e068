package org.udevreactor.netlink;

/**
 * Events the kernel sent but this listener never received. The consumer cannot know what they
 * were, so it has to look at the device tree again (the daemon rescans sysfs).
 *
 * @param cause         how the loss showed
 * @param count         how many events were lost, or -1 when it cannot be known (udev group)
 * @param lastSeqnum    the last SEQNUM received before the loss, or -1 when none had been
 * @param resumeSeqnum  the SEQNUM from which events are complete again, or -1 when not yet known
 */
public record EventLoss(Cause cause, long count, long lastSeqnum, long resumeSeqnum) {

    public enum Cause {
        /** The socket's receive buffer overflowed (recvmsg failed with ENOBUFS). */
        OVERFLOW,
        /** SEQNUM jumped without an overflow being reported. */
        SEQNUM_GAP
    }

    public boolean countKnown() {
        return count >= 0;
    }

    @Override
    public String toString() {
        String what = countKnown() ? count + " events lost" : "events lost (count unknown)";
        String where = lastSeqnum < 0 ? "" : " after SEQNUM " + lastSeqnum;
        return what + where + (cause == Cause.OVERFLOW
                ? ": receive buffer overflow (raise the receive buffer)"
                : ": SEQNUM gap (dropped, or sent only to another network namespace)");
    }
}
