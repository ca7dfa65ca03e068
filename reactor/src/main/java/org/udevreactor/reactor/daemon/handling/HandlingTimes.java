package org.udevreactor.reactor.daemon.handling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.udevreactor.reactor.daemon.DeviceEvent;

/**
 * The timing text of a handled event, logged at debug: when the daemon received it on the
 * CLOCK_MONOTONIC scale (comparable with the kernel's trace clock "mono"), then each stage in
 * milliseconds. A bind's stage lists each sysfs write: the kernel's probe time.
 */
final class HandlingTimes {
    private HandlingTimes() {
    }

    /**
     * "received at 123.456789 s (CLOCK_MONOTONIC), queued 0.4 ms, read+decide 2.1 ms, act 210.3 ms
     * (ACT), handled 212.9 ms after receipt"; ACT left out when empty.
     */
    static String handled(DeviceEvent event, long startedNanos, long decidedNanos, long endNanos, String act) {
        return String.format(Locale.ROOT, "received at %.6f s (CLOCK_MONOTONIC), queued %s, read+decide %s, act %s%s, handled %s after receipt",
                event.receivedNanos() / 1e9, ms(startedNanos - event.receivedNanos()), ms(decidedNanos - startedNanos),
                ms(endNanos - decidedNanos), act.isEmpty() ? "" : " (" + act + ")", ms(endNanos - event.receivedNanos()));
    }

    /**
     * "before writes 1.2 ms [sysfs function 2× 0.4 ms; children 1× 0.3 ms], driver_override 0.3 ms,
     * unbind 150.2 ms, drivers_probe 55.0 ms, verify 3.4 ms [sysfs function 1× 0.2 ms]": before the
     * first write (waiting for the binder, planning, module loads), each write, and after the last
     * (verification; a rollback's writes are listed too). The brackets sum up the sysfs reads of
     * that stage by kind: the rest of the stage is the daemon's code, procfs and module loads.
     */
    static String bind(long startNanos, List<TimedPciSysfs.TimedWrite> writes, List<TimedPciSysfs.TimedRead> reads, long endNanos) {
        if (writes.isEmpty()) {
            return "no writes, " + ms(endNanos - startNanos) + reads(reads, startNanos, endNanos);
        }
        long firstWrite = writes.get(0).startNanos();
        long lastWrite = writes.get(writes.size() - 1).endNanos();
        List<String> parts = new ArrayList<>();
        parts.add("before writes " + ms(firstWrite - startNanos) + reads(reads, startNanos, firstWrite));
        for (TimedPciSysfs.TimedWrite write : writes) {
            parts.add(write.attribute() + " " + ms(write.endNanos() - write.startNanos()));
        }
        parts.add("verify " + ms(endNanos - lastWrite) + reads(reads, lastWrite, endNanos));
        return String.join(", ", parts);
    }

    /** " [sysfs function 2× 0.4 ms; children 1× 0.3 ms]" for the reads between from and to; empty when none. */
    private static String reads(List<TimedPciSysfs.TimedRead> reads, long from, long to) {
        Map<String, long[]> byKind = new LinkedHashMap<>();
        for (TimedPciSysfs.TimedRead read : reads) {
            if (read.startNanos() >= from && read.endNanos() <= to) {
                long[] sum = byKind.computeIfAbsent(read.kind(), k -> new long[2]);
                sum[0]++;
                sum[1] += read.endNanos() - read.startNanos();
            }
        }
        if (byKind.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, sum) -> parts.add(kind + " " + sum[0] + "× " + ms(sum[1])));
        return " [sysfs " + String.join("; ", parts) + "]";
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
