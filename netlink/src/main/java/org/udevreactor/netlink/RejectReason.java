package org.udevreactor.netlink;

/** Why a datagram was not accepted as a uevent. Each is counted separately by the listener. */
public enum RejectReason {
    /** Shorter than the smallest possible message, or than the header it announces. */
    TRUNCATED,
    /** Longer than {@link UeventParser#MAX_MESSAGE_BYTES}, or cut by the receive buffer (MSG_TRUNC). */
    OVERSIZED,
    /** The message (or the libudev properties block) does not end with a NUL byte. */
    NO_NUL,
    /** The kernel header "ACTION@DEVPATH" has no "@/". */
    NO_AT_SLASH,
    /** The kernel header's action or devpath differs from the ACTION=/DEVPATH= properties. */
    HEADER_MISMATCH,
    /** ACTION, DEVPATH, SUBSYSTEM or SEQNUM is absent. */
    MISSING_KEY,
    /** A string in the properties block is not KEY=VALUE with a non-empty key. */
    MALFORMED_PROPERTY,
    /** ACTION is not one the kernel defines. */
    UNKNOWN_ACTION,
    /** SEQNUM is not a positive decimal number, or DEVPATH does not start with '/'. */
    BAD_VALUE,
    /** A libudev header whose magic is not 0xfeedcafe. */
    BAD_MAGIC,
    /** A libudev header whose header size, properties offset or length point outside the message. */
    BAD_OFFSETS,
    /** Sent by someone other than the kernel on the kernel group (nl_pid != 0), or by a non-root udev sender. */
    UNTRUSTED_SENDER,
    /** Arrived without SCM_CREDENTIALS, so the sender cannot be checked. */
    NO_CREDENTIALS
}
