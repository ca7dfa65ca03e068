package org.udevreactor.netlink;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link UeventListener} listens.
 *
 * @param group              kernel (1) or udev (2)
 * @param receiveBufferBytes the receive buffer to ask for; 128 MiB by default, which held a
 *                           100,000-event burst here without loss (each event costs ~830 bytes of it)
 * @param slotsPerCall       datagrams fetched per recvmmsg(2) call
 * @param maxBatch           events handed to the sink at most per call, so a long burst is not held back
 * @param sysfs              where sysfs is mounted; kernel/uevent_seqnum under it counts events lost in an overflow
 */
public record ListenerConfig(NetlinkGroup group, int receiveBufferBytes, int slotsPerCall, int maxBatch, Path sysfs) {
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 128 * 1024 * 1024;

    public ListenerConfig {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sysfs, "sysfs");
        if (receiveBufferBytes <= 0) {
            throw new IllegalArgumentException("receiveBufferBytes must be positive, was " + receiveBufferBytes);
        }
        if (slotsPerCall < 1 || slotsPerCall > 1024) {
            throw new IllegalArgumentException("slotsPerCall must be 1..1024, was " + slotsPerCall);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive, was " + maxBatch);
        }
    }

    /** Kernel group, 128 MiB buffer, 32 datagrams per call, batches of up to 256 events, /sys. */
    public static ListenerConfig defaults(NetlinkGroup group) {
        return new ListenerConfig(group, DEFAULT_RECEIVE_BUFFER_BYTES, 32, 256, Path.of("/sys"));
    }

    public ListenerConfig withReceiveBufferBytes(int bytes) {
        return new ListenerConfig(group, bytes, slotsPerCall, maxBatch, sysfs);
    }

    public ListenerConfig withSysfs(Path root) {
        return new ListenerConfig(group, receiveBufferBytes, slotsPerCall, maxBatch, root);
    }
}
