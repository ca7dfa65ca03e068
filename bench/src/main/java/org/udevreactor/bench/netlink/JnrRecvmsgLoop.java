package org.udevreactor.bench.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.ssize_t;

/**
 * The C loop's twin in Java: one recvmsg(2) through jnr-ffi per datagram, into a sender address,
 * a credentials buffer and an 8 KiB data buffer, and nothing else. It shows what the native call
 * itself costs, apart from the listener's checks and parsing. Layouts are the x86_64/aarch64 ones
 * that the netlink module's NativeLayout keeps checked against gcc.
 */
final class JnrRecvmsgLoop {
    /** libc's recvmsg, errno saved by jnr-ffi after each call. */
    public interface LibC {
        @ssize_t long recvmsg(int fd, Pointer message, int flags);
    }

    private static final int MSG_DONTWAIT = 0x40;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENOBUFS = 105;

    // struct msghdr at 0 (56 bytes), then struct iovec, struct sockaddr_nl (12, padded), cmsg space, data.
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_FLAGS = 48;
    private static final int IOVEC = 56;
    private static final int ADDRESS = 72;
    private static final int ADDRESS_BYTES = 12;
    private static final int CONTROL = 88;
    private static final int CONTROL_BYTES = 32; // CMSG_SPACE(sizeof(struct ucred))
    private static final int DATA = 128;
    private static final int DATA_BYTES = 8192;

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private final ByteBuffer area = ByteBuffer.allocateDirect(DATA + DATA_BYTES).order(ByteOrder.nativeOrder());
    private final Pointer message = Pointer.wrap(RUNTIME, area);

    JnrRecvmsgLoop() {
        long base = message.address();
        area.putLong(0, base + ADDRESS); // msg_name
        area.putLong(16, base + IOVEC); // msg_iov
        area.putLong(24, 1); // msg_iovlen
        area.putLong(32, base + CONTROL); // msg_control
        area.putLong(IOVEC, base + DATA); // iov_base
        area.putLong(IOVEC + 8, DATA_BYTES); // iov_len
    }

    /** Receives until the socket's queue is empty, one recvmsg per datagram. */
    DrainCount drain(int fd) {
        long received = 0;
        long overflows = 0;
        while (true) {
            area.putInt(MSG_NAMELEN, ADDRESS_BYTES);
            area.putLong(MSG_CONTROLLEN, CONTROL_BYTES);
            area.putInt(MSG_FLAGS, 0);
            if (LIBC.recvmsg(fd, message, MSG_DONTWAIT) >= 0) {
                received++;
                continue;
            }
            int errno = LastError.getLastError(RUNTIME);
            if (errno == EAGAIN) {
                return new DrainCount(received, overflows);
            } else if (errno == ENOBUFS) {
                overflows++;
            } else if (errno != EINTR) {
                throw new IllegalStateException("recvmsg failed: errno " + errno);
            }
        }
    }
}
