package org.udevreactor.netlink;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of a {@link UeventListener}, as of one moment.
 *
 * @param received   datagrams read from the socket
 * @param delivered  events handed to the sink
 * @param rejected   datagrams dropped, by reason (untrusted senders, malformed messages, truncation)
 * @param overflows  times the kernel reported a receive buffer overflow (ENOBUFS)
 * @param lost       events known to be lost (sum of the known counts of every {@link EventLoss})
 * @param lossReports how many {@link EventLoss} reports were made
 */
public record ListenerStats(long received, long delivered, Map<RejectReason, Long> rejected, long overflows,
                            long lost, long lossReports) {

    public ListenerStats {
        EnumMap<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
        copy.putAll(rejected);
        rejected = Collections.unmodifiableMap(copy);
    }

    public long rejected(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
