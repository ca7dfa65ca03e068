package org.udevreactor.reactor.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/** The last few failures (a load, a bind, a device that could not be read), newest last, for {@code status}. */
public final class RecentErrors {
    /** One failure: when, which device (a devpath, or what the event named) and what went wrong. */
    public record Entry(Instant time, String device, String message) {
        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(message, "message");
        }
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;

    public RecentErrors(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    public synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    public synchronized List<Entry> list() {
        return List.copyOf(entries);
    }
}
