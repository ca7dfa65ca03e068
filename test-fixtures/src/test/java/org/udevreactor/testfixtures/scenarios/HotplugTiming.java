package org.udevreactor.testfixtures.scenarios;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's debug "timing:" line of one handled event, as {@code HandlingTimes} writes it:
 * {@code received at 123.456789 s (CLOCK_MONOTONIC), queued 0.4 ms, read+decide 2.1 ms, act
 * 210.3 ms (before writes 1.2 ms, driver_override 0.3 ms, unbind 150.2 ms, drivers_probe 55.0 ms,
 * verify 3.4 ms), handled 212.9 ms after receipt}.
 *
 * A stage may end in the sysfs reads it made, by kind: {@code before writes 1.2 ms [sysfs function
 * 2× 0.4 ms; children 1× 0.3 ms]}.
 *
 * @param stages the act's stages in order, in ms: "before writes", each write, "verify"
 * @param reads  each stage's sysfs reads, as the daemon wrote them ("function 2× 0.4 ms; ..."), by stage
 */
record HotplugTiming(long receivedNanos, double queuedMs, double decideMs, double actMs, Map<String, Double> stages,
                     Map<String, String> reads, double handledMs) {
    private static final Pattern LINE = Pattern.compile("timing: received at (\\d+)\\.(\\d{6}) s \\(CLOCK_MONOTONIC\\), queued ([\\d.]+) ms,"
            + " read\\+decide ([\\d.]+) ms, act ([\\d.]+) ms \\((.*)\\), handled ([\\d.]+) ms after receipt");
    private static final Pattern STAGE = Pattern.compile("([a-z_ ]+) ([\\d.]+) ms(?: \\[sysfs ([^\\]]*)\\])?");
    private static final Pattern READ = Pattern.compile("[a-z]+ \\d+× ([\\d.]+) ms");

    static HotplugTiming parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("not a bind timing line: " + line);
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        Map<String, String> reads = new LinkedHashMap<>();
        for (String part : m.group(6).split(", ")) {
            Matcher s = STAGE.matcher(part);
            if (!s.matches()) {
                throw new IllegalArgumentException("unexpected stage \"" + part + "\" in: " + line);
            }
            // A write made twice (a rollback) adds up.
            stages.merge(s.group(1), Double.parseDouble(s.group(2)), Double::sum);
            if (s.group(3) != null) {
                reads.put(s.group(1), s.group(3));
            }
        }
        long received = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1000L;
        return new HotplugTiming(received, Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                Double.parseDouble(m.group(5)), stages, reads, Double.parseDouble(m.group(7)));
    }

    /** The stage's sysfs reads as the daemon listed them, or "none". */
    String readsOf(String stage) {
        return reads.getOrDefault(stage, "none");
    }

    /** The time the stage spent in sysfs reads, in ms. */
    double readMs(String stage) {
        Matcher r = READ.matcher(reads.getOrDefault(stage, ""));
        double sum = 0;
        while (r.find()) {
            sum += Double.parseDouble(r.group(1));
        }
        return sum;
    }

    double stage(String name) {
        return stages.getOrDefault(name, 0.0);
    }

    /** Time spent in sysfs writes: the kernel unbinding and probing drivers. */
    double writesMs() {
        return stages.entrySet().stream().filter(e -> !e.getKey().equals("before writes") && !e.getKey().equals("verify"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Received → verified, less the writes: the daemon's own work (and waiting for its turn). */
    double daemonMs() {
        return handledMs - writesMs();
    }
}
