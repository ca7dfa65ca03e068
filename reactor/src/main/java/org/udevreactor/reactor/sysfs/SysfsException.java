package org.udevreactor.reactor.sysfs;

import java.io.IOException;
import java.util.Objects;

/**
 * A sysfs read or write the kernel refused, with the errno: "write "0000:00:03.0" to
 * /sys/bus/pci/drivers/e1000e/unbind: ENODEV".
 */
public final class SysfsException extends IOException {
    private final String path;
    private final String errno;

    public SysfsException(String operation, String path, String errno) {
        super(operation + " " + path + ": " + errno);
        this.path = Objects.requireNonNull(path, "path");
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** Wraps a JDK failure on this path, keeping its errno. */
    public static SysfsException of(String operation, String path, IOException cause) {
        SysfsException e = new SysfsException(operation, path, SysfsErrno.of(cause));
        e.initCause(cause);
        return e;
    }

    public String path() {
        return path;
    }

    /** "ENODEV", "EINVAL", ... */
    public String errno() {
        return errno;
    }

    /** The device (or the attribute's directory) is not there any more: ENOENT, ENODEV, ENXIO. */
    public boolean isGone() {
        return SysfsErrno.isGone(errno);
    }
}
