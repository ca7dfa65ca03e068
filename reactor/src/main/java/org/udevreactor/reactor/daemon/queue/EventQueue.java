package org.udevreactor.reactor.daemon.queue;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.udevreactor.reactor.daemon.DeviceEvent;

/**
 * udevd's ordering: an event waits while an earlier event for the same devpath, an ancestor or a
 * descendant of it is queued or being handled; unrelated devices proceed in parallel, at most
 * {@code maxRunning} at once; within one chain, events start in arrival (SEQNUM) order.
 *
 * <p>Not thread-safe: the daemon calls it from one event loop only. Work is proportional to the
 * devpath's depth and the number of queued relatives, not to the queue's length: an event that
 * is blocked remembers one event in its way (for its own device, the one just before it) and is
 * looked at again only when that one finishes (then it may find another one in its way). A
 * burst of 100,000 events for one device therefore costs one check per event, not a scan of the
 * whole queue per finished event.
 */
public final class EventQueue {
    private final int maxRunning;
    private final Consumer<QueuedEvent> starter;
    /** Every queued or running event, by devpath, each list in arrival order. */
    private final NavigableMap<String, ArrayDeque<QueuedEvent>> byPath = new TreeMap<>();
    /** Every queued or running event by arrival order, for barriers. */
    private final NavigableMap<Long, QueuedEvent> byOrder = new TreeMap<>();
    /** Not blocked, waiting only for a free worker. */
    private final PriorityQueue<QueuedEvent> ready = new PriorityQueue<>((a, b) -> Long.compare(a.order(), b.order()));
    private final NavigableMap<Long, ArrayDeque<Runnable>> barriers = new TreeMap<>();
    private long lastOrder;
    private int running;
    /** Times an event was checked for events in its way: the queue's cost, which tests bound. */
    private long checks;

    /**
     * @param starter called for each event that may start now; the caller hands it to a worker and
     *                calls {@link #finished} when it is done (from the same thread as every other call)
     */
    public EventQueue(int maxRunning, Consumer<QueuedEvent> starter) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be positive, was " + maxRunning);
        }
        this.maxRunning = maxRunning;
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /** Queues an event behind everything queued before it; it may start at once. */
    public QueuedEvent submit(DeviceEvent event) {
        QueuedEvent queued = new QueuedEvent(++lastOrder, event);
        ArrayDeque<QueuedEvent> same = byPath.computeIfAbsent(event.devpath(), p -> new ArrayDeque<>());
        queued.previousSameDevice = same.peekLast();
        same.addLast(queued);
        byOrder.put(queued.order(), queued);
        placeAndStart(queued);
        return queued;
    }

    /** The event given to the starter is done; what waited for it may start. */
    public void finished(QueuedEvent done) {
        ArrayDeque<QueuedEvent> same = byPath.get(done.event().devpath());
        if (same == null || byOrder.remove(done.order()) == null) {
            throw new IllegalStateException("not queued: " + done);
        }
        done.finished = true;
        same.remove(done);
        if (same.isEmpty()) {
            byPath.remove(done.event().devpath());
        }
        running--;
        // In arrival order, so the first of two waiting relatives becomes the blocker of the second.
        done.waiters.sort((a, b) -> Long.compare(a.order(), b.order()));
        for (QueuedEvent waiter : done.waiters) {
            place(waiter);
        }
        done.waiters.clear();
        startReady();
        runBarriers();
    }

    /**
     * Runs {@code action} once every event submitted so far has finished (at once when none is
     * queued); later events do not delay it. Coldplug uses it to know when its decisions are done.
     */
    public void afterCurrent(Runnable action) {
        barriers.computeIfAbsent(lastOrder, o -> new ArrayDeque<>()).add(action);
        runBarriers();
    }

    /** Queued or running events. */
    public int size() {
        return byOrder.size();
    }

    public int running() {
        return running;
    }

    /** Checks for events in the way so far (each submit, and each re-check of a waiting event). */
    long checks() {
        return checks;
    }

    private void placeAndStart(QueuedEvent queued) {
        place(queued);
        startReady();
    }

    private void place(QueuedEvent event) {
        checks++;
        QueuedEvent blocker = firstInTheWay(event);
        if (blocker == null) {
            ready.add(event);
        } else {
            blocker.waiters.add(event);
        }
    }

    private void startReady() {
        while (running < maxRunning && !ready.isEmpty()) {
            running++;
            starter.accept(ready.poll());
        }
    }

    private void runBarriers() {
        // The oldest queued event is looked up again after each action: an action may submit
        // events and set a barrier behind them, which must then wait for them.
        while (!barriers.isEmpty() && barriers.firstKey() < oldestQueued()) {
            for (Runnable action : barriers.pollFirstEntry().getValue()) {
                action.run();
            }
        }
    }

    private long oldestQueued() {
        return byOrder.isEmpty() ? Long.MAX_VALUE : byOrder.firstKey();
    }

    /**
     * An earlier event for the same devpath, an ancestor or a descendant; null when there is none.
     * Of a relative's events it returns the latest one before this event, not the oldest: a
     * device's events finish in order, so once that one is done all before it are, and an event
     * is looked at again once per relative in its way instead of once per event of theirs (a
     * burst of n events on one device would otherwise cost n²/2 checks).
     */
    private QueuedEvent firstInTheWay(QueuedEvent event) {
        String devpath = event.event().devpath();
        QueuedEvent previous = event.previousSameDevice;
        if (previous != null && !previous.finished) {
            return previous;
        }
        event.previousSameDevice = null;
        QueuedEvent found = null;
        for (int slash = devpath.lastIndexOf('/'); found == null && slash > 0; slash = devpath.lastIndexOf('/', slash - 1)) {
            found = latestBefore(byPath.get(devpath.substring(0, slash)), event);
        }
        if (found == null) {
            // Descendants sort between "P/" and "P0" ('0' follows '/').
            for (Map.Entry<String, ArrayDeque<QueuedEvent>> e : byPath.subMap(devpath + "/", devpath + "0").entrySet()) {
                found = latestBefore(e.getValue(), event);
                if (found != null) {
                    break;
                }
            }
        }
        return found;
    }

    /** The last of these events (one devpath's, in arrival order) that arrived before {@code than}; null when none did. */
    private static QueuedEvent latestBefore(ArrayDeque<QueuedEvent> events, QueuedEvent than) {
        if (events == null) {
            return null;
        }
        for (java.util.Iterator<QueuedEvent> it = events.descendingIterator(); it.hasNext(); ) {
            QueuedEvent e = it.next();
            if (e.order() < than.order()) {
                return e;
            }
        }
        return null;
    }
}
