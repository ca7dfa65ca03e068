package org.udevreactor.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Every system call of this module, and nothing else. Each wrapper turns -1 into a
 * {@link NativeCallException} naming the call and errno; callers see ints and ByteBuffers only.
 * Memory handed to the kernel is direct ByteBuffers in native order, addressed through jnr-ffi.
 */
final class Native {

    /** The libc functions used, bound by jnr-ffi; errno is saved after every call. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int bind(int fd, Pointer address, int addressLength);

        int setsockopt(int fd, int level, int name, Pointer value, int valueLength);

        int getsockopt(int fd, int level, int name, Pointer value, Pointer valueLength);

        int getsockname(int fd, Pointer address, Pointer addressLength);

        int recvmmsg(int fd, Pointer messages, int count, int flags, Pointer timeout);

        @ssize_t long sendto(int fd, Pointer buffer, @size_t long length, int flags, Pointer address, int addressLength);

        int poll(Pointer fds, @size_t long count, int timeoutMillis);

        int eventfd(int initialValue, int flags);

        @ssize_t long write(int fd, Pointer buffer, @size_t long count);

        int close(int fd);
    }

    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    private static final String UNAVAILABLE;

    static {
        LibC libc = null;
        Runtime runtime = null;
        String cause = null;
        Platform platform = Platform.getNativePlatform();
        if (platform.getOS() != Platform.OS.LINUX) {
            cause = "netlink uevents exist only on Linux, this is " + platform.getOS();
        } else if (platform.addressSize() != 64) {
            cause = "only 64-bit Linux is supported (struct layouts), this is " + platform.addressSize() + "-bit";
        } else {
            try {
                libc = LibraryLoader.create(LibC.class).load("c");
                runtime = Runtime.getRuntime(libc);
            } catch (Throwable e) { // UnsatisfiedLinkError from jffi's stub, or a missing libc: report, don't crash
                cause = "cannot load libc through jnr-ffi: " + e;
            }
        }
        LIBC = libc;
        RUNTIME = runtime;
        UNAVAILABLE = cause;
    }

    private Native() {
    }

    /** Null when the native calls can be made, else why not. */
    static String unavailabilityCause() {
        return UNAVAILABLE;
    }

    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    private static LibC libc() {
        if (LIBC == null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
        return LIBC;
    }

    private static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /** A direct buffer in native byte order whose address can be given to the kernel. */
    static ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** The address of a direct buffer's first byte. */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return Pointer.wrap(RUNTIME, direct).address();
    }

    static Pointer pointer(long address) {
        return Pointer.wrap(RUNTIME, address);
    }

    private static Pointer pointer(ByteBuffer direct) {
        return Pointer.wrap(RUNTIME, address(direct));
    }

    static int socket(int domain, int type, int protocol) throws NativeCallException {
        int fd = libc().socket(domain, type, protocol);
        if (fd < 0) {
            throw new NativeCallException("socket(" + domain + ", " + type + ", " + protocol + ")", errno());
        }
        return fd;
    }

    /** Binds a netlink socket; pid 0 lets the kernel choose the port id. */
    static void bindNetlink(int fd, int pid, int groups) throws NativeCallException {
        ByteBuffer address = allocate(NativeLayout.SOCKADDR_NL_SIZE);
        address.putShort(NativeLayout.NL_FAMILY, (short) NativeLayout.AF_NETLINK);
        address.putInt(NativeLayout.NL_PID, pid);
        address.putInt(NativeLayout.NL_GROUPS, groups);
        if (libc().bind(fd, pointer(address), NativeLayout.SOCKADDR_NL_SIZE) < 0) {
            throw new NativeCallException("bind(AF_NETLINK, groups " + groups + ")", errno());
        }
    }

    /** The netlink port id the kernel gave this socket. */
    static int netlinkPortId(int fd) throws NativeCallException {
        ByteBuffer address = allocate(NativeLayout.SOCKADDR_NL_SIZE);
        ByteBuffer length = allocate(4);
        length.putInt(0, NativeLayout.SOCKADDR_NL_SIZE);
        if (libc().getsockname(fd, pointer(address), pointer(length)) < 0) {
            throw new NativeCallException("getsockname", errno());
        }
        return address.getInt(NativeLayout.NL_PID);
    }

    static void setIntOption(int fd, int level, int option, int value, String name) throws NativeCallException {
        ByteBuffer buffer = allocate(4);
        buffer.putInt(0, value);
        if (libc().setsockopt(fd, level, option, pointer(buffer), 4) < 0) {
            throw new NativeCallException("setsockopt(" + name + ", " + value + ")", errno());
        }
    }

    static int getIntOption(int fd, int level, int option, String name) throws NativeCallException {
        ByteBuffer buffer = allocate(8);
        buffer.putInt(4, 4);
        ByteBuffer value = buffer.slice(0, 4).order(ByteOrder.nativeOrder());
        ByteBuffer length = buffer.slice(4, 4).order(ByteOrder.nativeOrder());
        if (libc().getsockopt(fd, level, option, pointer(value), pointer(length)) < 0) {
            throw new NativeCallException("getsockopt(" + name + ")", errno());
        }
        return value.getInt(0);
    }

    /**
     * recvmmsg(2) without blocking (MSG_DONTWAIT).
     *
     * @return the number of messages received, or -errno for EAGAIN, EINTR and ENOBUFS, which the
     *         receive loop handles itself; any other failure throws
     */
    static int receiveMessages(int fd, Pointer messages, int count) throws NativeCallException {
        int received = libc().recvmmsg(fd, messages, count, NativeLayout.MSG_DONTWAIT, null);
        if (received >= 0) {
            return received;
        }
        int errno = errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR || errno == Errno.ENOBUFS) {
            return -errno;
        }
        throw new NativeCallException("recvmmsg", errno);
    }

    /** Sends one datagram to a netlink multicast group (used by tests to forge events). */
    static void sendToGroup(int fd, int group, byte[] payload) throws NativeCallException {
        ByteBuffer data = allocate(Math.max(1, payload.length));
        data.put(0, payload);
        ByteBuffer address = allocate(NativeLayout.SOCKADDR_NL_SIZE);
        address.putShort(NativeLayout.NL_FAMILY, (short) NativeLayout.AF_NETLINK);
        address.putInt(NativeLayout.NL_GROUPS, 1 << (group - 1));
        if (libc().sendto(fd, pointer(data), payload.length, 0, pointer(address), NativeLayout.SOCKADDR_NL_SIZE) < 0) {
            throw new NativeCallException("sendto(netlink group " + group + ")", errno());
        }
    }

    /**
     * poll(2) on the given pollfd array.
     *
     * @return the number of ready descriptors, 0 on timeout, or -EINTR
     */
    static int poll(Pointer fds, int count, int timeoutMillis) throws NativeCallException {
        int ready = libc().poll(fds, count, timeoutMillis);
        if (ready >= 0) {
            return ready;
        }
        int errno = errno();
        if (errno == Errno.EINTR) {
            return -errno;
        }
        throw new NativeCallException("poll", errno);
    }

    static int eventfd() throws NativeCallException {
        int fd = libc().eventfd(0, NativeLayout.EFD_CLOEXEC | NativeLayout.EFD_NONBLOCK);
        if (fd < 0) {
            throw new NativeCallException("eventfd", errno());
        }
        return fd;
    }

    /** Adds one to an eventfd counter, making it readable. */
    static void signal(int eventFd) throws NativeCallException {
        ByteBuffer one = allocate(8);
        one.putLong(0, 1);
        if (libc().write(eventFd, pointer(one), 8) < 0) {
            int errno = errno();
            if (errno != Errno.EAGAIN) { // EAGAIN: the counter is already non-zero, which is all we need
                throw new NativeCallException("write(eventfd)", errno);
            }
        }
    }

    static void close(int fd) throws NativeCallException {
        if (libc().close(fd) < 0) {
            throw new NativeCallException("close(" + fd + ")", errno());
        }
    }
}
