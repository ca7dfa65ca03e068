package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;

/**
 * The text {@code udevadm monitor} prints: {@code KERNEL[seconds.micros] action   devpath (subsystem)},
 * followed with {@code --property} by every KEY=VALUE and a blank line.
 */
final class UdevadmFormat implements EventFormat {
    private final Writer out;
    private final boolean properties;

    UdevadmFormat(Writer out, boolean properties) {
        this.out = out;
        this.properties = properties;
    }

    @Override
    public void event(Uevent event, long monotonicNanos) throws IOException {
        long micros = monotonicNanos / 1000;
        out.write(String.format(Locale.ROOT, "%-6s[%d.%06d] %-8s %s (%s)%n",
                event.origin().name(), micros / 1_000_000, micros % 1_000_000, event.action().wireName(),
                event.devpath(), event.subsystem()));
        if (properties) {
            for (var property : event.properties().entrySet()) {
                out.write(property.getKey());
                out.write('=');
                out.write(property.getValue());
                out.write('\n');
            }
            out.write('\n');
        }
    }

    @Override
    public void loss(EventLoss loss) throws IOException {
        out.write("LOST   " + loss + "\n");
        if (properties) {
            out.write('\n');
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
