/* Prints what C says for every constant in NativeLayout.java, as "NAME VALUE" lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define P(name, value) printf("%s %ld\n", name, (long) (value))

int main(void) {
    P("AF_NETLINK", AF_NETLINK);
    P("SOCK_DGRAM", SOCK_DGRAM);
    P("SOCK_CLOEXEC", SOCK_CLOEXEC);
    P("SOCK_NONBLOCK", SOCK_NONBLOCK);
    P("NETLINK_KOBJECT_UEVENT", NETLINK_KOBJECT_UEVENT);
    P("SOL_SOCKET", SOL_SOCKET);
    P("SO_RCVBUF", SO_RCVBUF);
    P("SO_PASSCRED", SO_PASSCRED);
    P("SO_RCVBUFFORCE", SO_RCVBUFFORCE);
    P("SCM_CREDENTIALS", SCM_CREDENTIALS);
    P("MSG_DONTWAIT", MSG_DONTWAIT);
    P("MSG_TRUNC", MSG_TRUNC);
    P("MSG_CTRUNC", MSG_CTRUNC);
    P("POLLIN", POLLIN);
    P("EFD_CLOEXEC", EFD_CLOEXEC);
    P("EFD_NONBLOCK", EFD_NONBLOCK);

    P("SOCKADDR_NL_SIZE", sizeof(struct sockaddr_nl));
    P("NL_FAMILY", offsetof(struct sockaddr_nl, nl_family));
    P("NL_PID", offsetof(struct sockaddr_nl, nl_pid));
    P("NL_GROUPS", offsetof(struct sockaddr_nl, nl_groups));

    P("IOVEC_SIZE", sizeof(struct iovec));
    P("IOV_BASE", offsetof(struct iovec, iov_base));
    P("IOV_LEN", offsetof(struct iovec, iov_len));

    P("MSGHDR_SIZE", sizeof(struct msghdr));
    P("MSG_NAME", offsetof(struct msghdr, msg_name));
    P("MSG_NAMELEN", offsetof(struct msghdr, msg_namelen));
    P("MSG_IOV", offsetof(struct msghdr, msg_iov));
    P("MSG_IOVLEN", offsetof(struct msghdr, msg_iovlen));
    P("MSG_CONTROL", offsetof(struct msghdr, msg_control));
    P("MSG_CONTROLLEN", offsetof(struct msghdr, msg_controllen));
    P("MSG_FLAGS", offsetof(struct msghdr, msg_flags));
    P("MMSGHDR_SIZE", sizeof(struct mmsghdr));
    P("MMSG_LEN", offsetof(struct mmsghdr, msg_len));

    P("CMSG_LEN", offsetof(struct cmsghdr, cmsg_len));
    P("CMSG_LEVEL", offsetof(struct cmsghdr, cmsg_level));
    P("CMSG_TYPE", offsetof(struct cmsghdr, cmsg_type));
    {
        /* CMSG_DATA's offset from the header, measured on a real buffer. */
        union { struct cmsghdr align; char bytes[CMSG_SPACE(sizeof(struct ucred))]; } control;
        P("CMSG_DATA", (char *) CMSG_DATA(&control.align) - control.bytes);
    }
    P("UCRED_SIZE", sizeof(struct ucred));
    P("UCRED_PID", offsetof(struct ucred, pid));
    P("UCRED_UID", offsetof(struct ucred, uid));
    P("UCRED_GID", offsetof(struct ucred, gid));
    P("CMSG_SPACE_UCRED", CMSG_SPACE(sizeof(struct ucred)));

    P("POLLFD_SIZE", sizeof(struct pollfd));
    P("POLL_FD", offsetof(struct pollfd, fd));
    P("POLL_EVENTS", offsetof(struct pollfd, events));
    P("POLL_REVENTS", offsetof(struct pollfd, revents));
    return 0;
}
