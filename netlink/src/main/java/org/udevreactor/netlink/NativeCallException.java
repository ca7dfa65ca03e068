package org.udevreactor.netlink;

import java.io.IOException;

/** A system call failed: carries the call's name and errno, e.g. "bind(AF_NETLINK, group 1) failed: EPERM". */
public final class NativeCallException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int errno;

    public NativeCallException(String call, int errno) {
        super(call + " failed: " + Errno.name(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** Whether the caller lacks privileges (EPERM or EACCES): the usual fix is to run as root. */
    public boolean isPermissionDenied() {
        return errno == 1 || errno == 13;
    }
}
