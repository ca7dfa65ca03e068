package org.udevreactor.netlink;

/**
 * Sizes and offsets of the C structures the socket code lays out by hand, for 64-bit Linux
 * (x86_64 and aarch64 agree on all of them). NativeLayoutTest compiles a C probe and compares
 * every value here with what gcc says; {@link Native#unavailabilityCause()} refuses other platforms.
 */
final class NativeLayout {
    // Constants from <sys/socket.h>, <linux/netlink.h>, <poll.h>, <sys/eventfd.h>, <errno.h>.
    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOCK_NONBLOCK = 0x800;
    static final int NETLINK_KOBJECT_UEVENT = 15;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_PASSCRED = 16;
    static final int SO_RCVBUFFORCE = 33;
    static final int SCM_CREDENTIALS = 2;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_CTRUNC = 0x08;
    static final int POLLIN = 0x001;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;

    // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
    static final int SOCKADDR_NL_SIZE = 12;
    static final int NL_FAMILY = 0;
    static final int NL_PID = 4;
    static final int NL_GROUPS = 8;

    // struct iovec { void *iov_base; size_t iov_len; }
    static final int IOVEC_SIZE = 16;
    static final int IOV_BASE = 0;
    static final int IOV_LEN = 8;

    // struct msghdr, as the first member of struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }
    static final int MSGHDR_SIZE = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    static final int MMSGHDR_SIZE = 64;
    static final int MMSG_LEN = 56;

    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then data at CMSG_DATA
    static final int CMSG_LEN = 0;
    static final int CMSG_LEVEL = 8;
    static final int CMSG_TYPE = 12;
    static final int CMSG_DATA = 16;
    // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
    static final int UCRED_SIZE = 12;
    static final int UCRED_PID = 0;
    static final int UCRED_UID = 4;
    static final int UCRED_GID = 8;
    /** CMSG_SPACE(sizeof(struct ucred)): room for exactly one credentials message. */
    static final int CMSG_SPACE_UCRED = 32;

    // struct pollfd { int fd; short events; short revents; }
    static final int POLLFD_SIZE = 8;
    static final int POLL_FD = 0;
    static final int POLL_EVENTS = 4;
    static final int POLL_REVENTS = 6;

    private NativeLayout() {
    }
}
