package org.udevreactor.reactor.cli;

import org.udevreactor.netlink.NativeCallException;

/** Exit codes, from sysexits.h where one fits, so scripts can tell failures apart. */
final class ExitCodes {
    static final int OK = 0;
    /** Ran, but did not get what was asked for (e.g. fewer events than --count before --timeout). */
    static final int INCOMPLETE = 1;
    /** Bad command line (picocli's own convention). */
    static final int USAGE = 2;
    /** EX_DATAERR: the input (a policy file, an index) is malformed. */
    static final int DATA_ERROR = 65;
    /** EX_NOINPUT: an input (a device, a file) does not exist or cannot be read. */
    static final int NO_INPUT = 66;
    /** EX_UNAVAILABLE: the kernel or platform lacks what is needed (netlink, native calls). */
    static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: an unexpected failure. */
    static final int SOFTWARE = 70;
    /** EX_NOPERM: needs privileges the caller does not have. */
    static final int NO_PERMISSION = 77;

    private ExitCodes() {
    }

    static int forException(Throwable failure) {
        if (failure instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        if (failure instanceof NativeCallException nativeFailure) {
            return nativeFailure.isPermissionDenied() ? NO_PERMISSION : UNAVAILABLE;
        }
        return SOFTWARE;
    }
}
