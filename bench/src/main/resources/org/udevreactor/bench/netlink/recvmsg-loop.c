/*
 * The reference the Java receive path is measured against: a minimal C loop that drains a
 * NETLINK_KOBJECT_UEVENT socket with one recvmsg(2) per datagram, receiving the sender address
 * and SCM_CREDENTIALS into fixed buffers and doing nothing else with them (no trust check, no
 * parsing). It is built with gcc when the benchmark starts and called through jnr-ffi once per
 * burst, so the Java-to-native transition is paid once, not per message.
 *
 * Every function returns -errno on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

/* The same room per datagram as the Java listener (UeventParser.MAX_MESSAGE_BYTES). */
#define MESSAGE_BYTES 8192

/* A socket like UeventListener's: kernel group 1, SO_PASSCRED, receive buffer forced to the size asked. */
int recvmsg_loop_open(int receive_buffer_bytes) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
    if (fd < 0) {
        return -errno;
    }
    int one = 1;
    struct sockaddr_nl address = { .nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = 1 };
    if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0
            || setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer_bytes, sizeof receive_buffer_bytes) < 0
            || bind(fd, (struct sockaddr *) &address, sizeof address) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

/*
 * Receives until the queue is empty (EAGAIN) and returns how many datagrams arrived.
 * ENOBUFS (the buffer overflowed, datagrams were dropped) is counted in *overflows, which is set
 * here (jnr-ffi passes an @Out array uninitialized), and receiving goes on, as the listener does.
 */
long recvmsg_loop_drain(int fd, long *overflows) {
    char data[MESSAGE_BYTES];
    struct sockaddr_nl sender;
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(struct ucred))];
    } control;
    struct iovec iov = { .iov_base = data, .iov_len = sizeof data };
    long received = 0;
    *overflows = 0;
    for (;;) {
        struct msghdr message = {
            .msg_name = &sender,
            .msg_namelen = sizeof sender,
            .msg_iov = &iov,
            .msg_iovlen = 1,
            .msg_control = &control,
            .msg_controllen = sizeof control,
        };
        if (recvmsg(fd, &message, MSG_DONTWAIT) >= 0) {
            received++;
        } else if (errno == EAGAIN) {
            return received;
        } else if (errno == ENOBUFS) {
            ++*overflows;
        } else if (errno != EINTR) {
            return -errno;
        }
    }
}

int recvmsg_loop_close(int fd) {
    return close(fd) < 0 ? -errno : 0;
}
