package org.udevreactor.netlink;

/** Names for the errno values this module meets, so messages say "ENOBUFS" rather than "105". */
final class Errno {
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;

    private Errno() {
    }

    static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 4 -> "EINTR";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 22 -> "EINVAL";
            case 23 -> "ENFILE";
            case 24 -> "EMFILE";
            case 38 -> "ENOSYS";
            case 93 -> "EPROTONOSUPPORT";
            case 97 -> "EAFNOSUPPORT";
            case 98 -> "EADDRINUSE";
            case 105 -> "ENOBUFS";
            case 111 -> "ECONNREFUSED";
            default -> "errno " + errno;
        };
    }
}
