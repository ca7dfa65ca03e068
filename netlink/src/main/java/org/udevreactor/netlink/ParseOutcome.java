package org.udevreactor.netlink;

/** The result of parsing one datagram: an event, or the reason it was rejected. Never an exception. */
public sealed interface ParseOutcome {

    record Parsed(Uevent event) implements ParseOutcome {
    }

    /**
     * @param reason what was wrong
     * @param detail a short human-readable explanation naming the offending part
     */
    record Rejected(RejectReason reason, String detail) implements ParseOutcome {
        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }
}
