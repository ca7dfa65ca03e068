package org.udevreactor.netlink;

/**
 * Finds holes in the kernel's SEQNUM sequence. Every kernel uevent takes the next number, so a
 * jump means events were dropped before they reached this socket (receive buffer overflow), or
 * went only to another network namespace's socket (events of network devices living there).
 */
final class SeqnumTracker {
    private long last = -1;

    /**
     * @return how many sequence numbers are missing just before {@code seqnum}; 0 for the first
     *         event seen, and for a number at or below the last one (which is never a loss)
     */
    long observe(long seqnum) {
        if (last < 0 || seqnum <= last) {
            last = Math.max(last, seqnum);
            return 0;
        }
        long missing = seqnum - last - 1;
        last = seqnum;
        return missing;
    }

    /** The last sequence number seen, or -1 before any. */
    long last() {
        return last;
    }

    /** Accepts everything up to {@code seqnum} as accounted for (after a loss has been reported). */
    void skipTo(long seqnum) {
        last = Math.max(last, seqnum);
    }
}
