package org.udevreactor.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A live process's memory and CPU from /proc: VmHWM (peak RSS), VmRSS, RssAnon, RssFile in KiB;
 * user + system CPU time of all its threads in ms.
 */
record ProcessFootprint(long hwmKib, long rssKib, long anonKib, long fileKib, long cpuMillis) {
    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in 1/100 s on every architecture. */
    private static final int TICKS_PER_SECOND = 100;

    static ProcessFootprint of(long pid) throws IOException {
        Map<String, Long> status = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] kv = line.split(":\\s+", 2);
            if (kv.length == 2 && kv[1].endsWith(" kB")) {
                status.put(kv[0], Long.parseLong(kv[1].substring(0, kv[1].length() - 3).trim()));
            }
        }
        // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new ProcessFootprint(status.get("VmHWM"), status.get("VmRSS"), status.get("RssAnon"), status.get("RssFile"),
                ticks * 1000 / TICKS_PER_SECOND);
    }
}
