package org.udevreactor.reactor.daemon;

/** The daemon cannot start; the message says what to do, the exit code is a sysexits.h one. */
public final class StartFailure extends Exception {
    /** EX_NOINPUT: the module index cannot be had. */
    public static final int NO_INDEX = 66;
    /** EX_UNAVAILABLE: no usable netlink uevent socket. */
    public static final int NO_NETLINK = 69;
    /** EX_SOFTWARE: something unexpected (Vert.x did not start, sysfs cannot be scanned). */
    public static final int SOFTWARE = 70;
    /** EX_NOPERM: not permitted (run as root). */
    public static final int NO_PERMISSION = 77;

    private final int exitCode;

    public StartFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
