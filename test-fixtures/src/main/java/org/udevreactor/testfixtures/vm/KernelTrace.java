package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest kernel's own account of when things happened, for benchmarks: kprobe events in
 * tracefs, stamped by the "mono" trace clock (CLOCK_MONOTONIC, the clock of the JVM's
 * {@code System.nanoTime()} in the guest, so the daemon's logged times compare directly).
 *
 * <ul>
 *   <li>{@code modinit} (name): {@code do_init_module} is entered: the module's init runs next;</li>
 *   <li>{@code modlive} (ret): it returned; 0 means the module is live, in the same task;</li>
 *   <li>{@code devstart} (name): {@code device_add} is entered: it creates the device's sysfs
 *       directory and sends its "add" uevent;</li>
 *   <li>{@code devadd} (name): {@code bus_probe_device} is entered, which {@code device_add} calls
 *       right after sending the uevent. The uevent lies between the two: the uevent functions
 *       ({@code lib/kobject_uevent.c}) are notrace in Debian's build and cannot be probed.</li>
 *   <li>{@code probe} (name, drv): {@code really_probe} is entered: driver drv probes the device;</li>
 *   <li>{@code probed} (ret): it returned, in the same task (0: the driver took the device). These
 *       two are static functions of the kernel: when a build inlines them they are left out and
 *       {@link #probesTraced()} says so.</li>
 * </ul>
 * {@link #MARKER} takes lines from scripts ({@code echo start > ...}), stamped on the same clock.
 */
public final class KernelTrace {
    public static final String DIR = "/sys/kernel/tracing";
    public static final String MARKER = DIR + "/trace_marker";
    /** The events; struct module's name is at offset 24 on x86_64 (state, list), struct device's kobject name at 0. */
    private static final List<String> PROBES = List.of(
            "p:ur/modinit do_init_module name=+24(%di):string",
            "r64:ur/modlive do_init_module ret=$retval:s32",
            "p:ur/devstart device_add name=+0(+0(%di)):string",
            "p:ur/devadd bus_probe_device name=+0(+0(%di)):string");
    /** Probes of static functions, defined when the kernel has them; struct device_driver's name is at 0. */
    private static final List<String> OPTIONAL_PROBES = List.of(
            "p:ur/probe really_probe name=+0(+0(%di)):string drv=+0(+0(%si)):string",
            "r64:ur/probed really_probe ret=$retval:s32");
    /** "  (udev-worker)-248 [000] .N... 26.851991: modinit: (do_init_module+0x0/0x1f0) name="button"". */
    private static final Pattern LINE = Pattern.compile("^\\s*(.*)-(\\d+)\\s+\\[\\d+\\]\\s+\\S+\\s+(\\d+)\\.(\\d{6}):\\s+(\\w+):\\s?(.*)$");

    /** One trace line: the task that hit it, when, which event, and its text after the event name. */
    public record Event(String task, int pid, long nanos, String event, String text) {
        /** A field's value, e.g. {@code name} → {@code button} (quotes removed), {@code ret} → {@code 0}. */
        public Optional<String> field(String key) {
            Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(\"[^\"]*\"|\\S+)").matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
            String value = m.group(1);
            return Optional.of(value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
    }

    private final Guest guest;
    private final boolean probesTraced;

    private KernelTrace(Guest guest, boolean probesTraced) {
        this.guest = guest;
        this.probesTraced = probesTraced;
    }

    /** Whether {@code probe}/{@code probed} are recorded (the kernel lets {@code really_probe} be probed). */
    public boolean probesTraced() {
        return probesTraced;
    }

    /** Mounts tracefs, defines the events, sets the clock and starts recording. */
    public static KernelTrace enable(Guest guest) throws IOException {
        StringBuilder script = new StringBuilder("T=" + DIR + "\n"
                + "[ -e $T/trace ] || mount -t tracefs nodev $T\n"
                + "echo 0 > $T/tracing_on\n"
                + ": > $T/kprobe_events\n");
        for (String probe : PROBES) {
            script.append("echo ").append(Shell.quote(probe)).append(" >> $T/kprobe_events || { cat $T/error_log; exit 1; }\n");
        }
        script.append("optional=yes\n");
        for (String probe : OPTIONAL_PROBES) {
            script.append("echo ").append(Shell.quote(probe)).append(" >> $T/kprobe_events 2>/dev/null || optional=no\n");
        }
        script.append("echo \"OPTIONAL $optional\"\n");
        script.append("echo mono > $T/trace_clock\n"
                + "echo 8192 > $T/buffer_size_kb\n"
                + "echo 1 > $T/events/ur/enable\n"
                + ": > $T/trace\n"
                + "echo 1 > $T/tracing_on\n");
        boolean optional = guest.runOk(script.toString()).contains("OPTIONAL yes");
        if (!optional) {
            System.out.println("[trace] really_probe cannot be probed in this kernel: driver probes are not traced");
        }
        return new KernelTrace(guest, optional);
    }

    /** Empties the buffer. */
    public void clear() throws IOException {
        guest.runOk(": > " + DIR + "/trace");
    }

    /** Every event recorded since the last {@link #clear()}, in order; fails if the buffer overran. */
    public List<Event> read() throws IOException {
        String text = guest.runOk("cat " + DIR + "/trace");
        List<Event> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                if (line.contains("entries-in-buffer") && !line.matches(".*entries-in-buffer/entries-written: (\\d+)/\\1 .*")) {
                    throw new IOException("the guest's trace buffer overran (" + line.strip() + "): events are missing");
                }
                continue;
            }
            events.add(parse(line));
        }
        return events;
    }

    static Event parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a trace line: " + line);
        }
        long nanos = Long.parseLong(m.group(3)) * 1_000_000_000L + Long.parseLong(m.group(4)) * 1000L;
        return new Event(m.group(1).strip(), Integer.parseInt(m.group(2)), nanos, m.group(5), m.group(6));
    }
}
