package org.udevreactor.netlink;

import static org.udevreactor.netlink.NativeLayout.*;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound NETLINK_KOBJECT_UEVENT socket with SO_PASSCRED, a raised receive buffer, an eventfd to
 * wake a waiting receiver, and a receive area for {@code slots} datagrams per recvmmsg(2) call.
 * Not thread-safe except for {@link #wakeup()}.
 */
final class NetlinkUeventSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetlinkUeventSocket.class);

    /** Each slot takes one whole datagram; larger ones come back with MSG_TRUNC. */
    static final int SLOT_BYTES = UeventParser.MAX_MESSAGE_BYTES;
    private static final int ADDRESS_STRIDE = 16;

    private final NetlinkGroup group;
    private final int fd;
    private final int wakeFd;
    private final int receiveBufferBytes;
    private final int slots;
    private final ByteBuffer area;
    private final Pointer messages;
    private final Pointer pollFds;
    private final int iovecs;
    private final int addresses;
    private final int controls;
    private final int data;

    private NetlinkUeventSocket(NetlinkGroup group, int fd, int wakeFd, int receiveBufferBytes, int slots) {
        this.group = group;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.receiveBufferBytes = receiveBufferBytes;
        this.slots = slots;
        int pollArea = 2 * POLLFD_SIZE;
        this.iovecs = pollArea + slots * MMSGHDR_SIZE;
        this.addresses = iovecs + slots * IOVEC_SIZE;
        this.controls = addresses + slots * ADDRESS_STRIDE;
        this.data = controls + slots * CMSG_SPACE_UCRED;
        this.area = Native.allocate(data + slots * SLOT_BYTES);
        long base = Native.address(area);
        this.pollFds = Native.pointer(base);
        this.messages = Native.pointer(base + pollArea);
        area.putInt(POLL_FD, fd);
        area.putShort(POLL_EVENTS, (short) POLLIN);
        area.putInt(POLLFD_SIZE + POLL_FD, wakeFd);
        area.putShort(POLLFD_SIZE + POLL_EVENTS, (short) POLLIN);
        for (int i = 0; i < slots; i++) {
            int header = pollArea + i * MMSGHDR_SIZE;
            int iovec = iovecs + i * IOVEC_SIZE;
            area.putLong(iovec + IOV_BASE, base + data + (long) i * SLOT_BYTES);
            area.putLong(iovec + IOV_LEN, SLOT_BYTES);
            area.putLong(header + MSG_NAME, base + addresses + (long) i * ADDRESS_STRIDE);
            area.putLong(header + MSG_IOV, base + iovec);
            area.putLong(header + MSG_IOVLEN, 1);
            area.putLong(header + MSG_CONTROL, base + controls + (long) i * CMSG_SPACE_UCRED);
        }
    }

    /**
     * Opens and binds the socket.
     *
     * @param receiveBufferBytes the receive buffer to ask for (the kernel doubles it for its own accounting);
     *                           forced past net.core.rmem_max where allowed (CAP_NET_ADMIN)
     * @param slots              datagrams fetched per system call
     */
    static NetlinkUeventSocket open(NetlinkGroup group, int receiveBufferBytes, int slots) throws NativeCallException {
        String cause = Native.unavailabilityCause();
        if (cause != null) {
            throw new IllegalStateException(cause);
        }
        int fd = Native.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
        int wakeFd = -1;
        try {
            Native.setIntOption(fd, SOL_SOCKET, SO_PASSCRED, 1, "SO_PASSCRED");
            int obtained = raiseReceiveBuffer(fd, receiveBufferBytes);
            Native.bindNetlink(fd, 0, group.mask());
            wakeFd = Native.eventfd();
            return new NetlinkUeventSocket(group, fd, wakeFd, obtained, slots);
        } catch (NativeCallException | RuntimeException e) {
            closeQuietly(fd);
            if (wakeFd >= 0) {
                closeQuietly(wakeFd);
            }
            throw e;
        }
    }

    /** SO_RCVBUFFORCE, or SO_RCVBUF (capped at net.core.rmem_max) without CAP_NET_ADMIN; returns what the kernel reports. */
    private static int raiseReceiveBuffer(int fd, int requested) throws NativeCallException {
        try {
            Native.setIntOption(fd, SOL_SOCKET, SO_RCVBUFFORCE, requested, "SO_RCVBUFFORCE");
            int obtained = Native.getIntOption(fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
            log.debug("receive buffer: asked {} bytes with SO_RCVBUFFORCE, kernel reports {}", requested, obtained);
            return obtained;
        } catch (NativeCallException forced) {
            Native.setIntOption(fd, SOL_SOCKET, SO_RCVBUF, requested, "SO_RCVBUF");
            int obtained = Native.getIntOption(fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
            log.warn("SO_RCVBUFFORCE refused ({}); SO_RCVBUF gave a receive buffer of {} bytes for {} asked:"
                    + " bursts may overflow it (run as root, or raise net.core.rmem_max)",
                    Errno.name(forced.errno()), obtained, requested);
            return obtained;
        }
    }

    NetlinkGroup group() {
        return group;
    }

    /** The receive buffer size the kernel reports (twice what was granted, by its convention). */
    int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    int slots() {
        return slots;
    }

    int portId() throws NativeCallException {
        return Native.netlinkPortId(fd);
    }

    /**
     * Waits until a datagram is queued or {@link #wakeup()} was called.
     *
     * @return false when woken up (the caller should stop), true when datagrams may be read
     */
    boolean awaitReadable() throws NativeCallException {
        while (true) {
            area.putShort(POLL_REVENTS, (short) 0);
            area.putShort(POLLFD_SIZE + POLL_REVENTS, (short) 0);
            int ready = Native.poll(pollFds, 2, -1);
            if (ready <= 0) {
                continue; // EINTR
            }
            if (area.getShort(POLLFD_SIZE + POLL_REVENTS) != 0) {
                return false;
            }
            if (area.getShort(POLL_REVENTS) != 0) {
                return true;
            }
        }
    }

    /** Makes {@link #awaitReadable()} return false, now or at its next call. Safe from any thread. */
    void wakeup() throws NativeCallException {
        Native.signal(wakeFd);
    }

    /**
     * Fetches up to {@link #slots()} queued datagrams without blocking.
     *
     * @return how many arrived (read them with the slot accessors), or -EAGAIN when none is queued,
     *         or -ENOBUFS when the kernel dropped datagrams because the receive buffer was full
     */
    int receive() throws NativeCallException {
        int header = 2 * POLLFD_SIZE;
        for (int i = 0; i < slots; i++, header += MMSGHDR_SIZE) {
            area.putInt(header + MSG_NAMELEN, SOCKADDR_NL_SIZE);
            area.putLong(header + MSG_CONTROLLEN, CMSG_SPACE_UCRED);
            area.putInt(header + MSG_FLAGS, 0);
        }
        int received;
        do {
            received = Native.receiveMessages(fd, messages, slots);
        } while (received == -Errno.EINTR);
        return received;
    }

    private int header(int slot) {
        return 2 * POLLFD_SIZE + slot * MMSGHDR_SIZE;
    }

    /** The datagram's length as received (at most {@link #SLOT_BYTES}). */
    int length(int slot) {
        return area.getInt(header(slot) + MMSG_LEN);
    }

    /** Whether the datagram was longer than a slot and was cut. */
    boolean truncated(int slot) {
        return (area.getInt(header(slot) + MSG_FLAGS) & MSG_TRUNC) != 0;
    }

    /** The sender's netlink port id: 0 for the kernel. */
    int senderPortId(int slot) {
        return area.getInt(addresses + slot * ADDRESS_STRIDE + NL_PID);
    }

    /** The sender's uid from SCM_CREDENTIALS, or -1 when the datagram carried none. */
    long senderUid(int slot) {
        int control = controls + slot * CMSG_SPACE_UCRED;
        long controlLength = area.getLong(header(slot) + MSG_CONTROLLEN);
        if (controlLength < CMSG_DATA + UCRED_SIZE
                || (area.getInt(header(slot) + MSG_FLAGS) & MSG_CTRUNC) != 0
                || area.getInt(control + CMSG_LEVEL) != SOL_SOCKET
                || area.getInt(control + CMSG_TYPE) != SCM_CREDENTIALS) {
            return -1;
        }
        return area.getInt(control + CMSG_DATA + UCRED_UID) & 0xffffffffL;
    }

    /** Copies the datagram into {@code into} (at least {@link #SLOT_BYTES} long); returns its length. */
    int copy(int slot, byte[] into) {
        int length = length(slot);
        area.get(data + slot * SLOT_BYTES, into, 0, length);
        return length;
    }

    @Override
    public void close() {
        closeQuietly(fd);
        closeQuietly(wakeFd);
    }

    private static void closeQuietly(int fd) {
        try {
            Native.close(fd);
        } catch (NativeCallException e) {
            log.debug("closing netlink socket: {}", e.getMessage());
        }
    }
}
