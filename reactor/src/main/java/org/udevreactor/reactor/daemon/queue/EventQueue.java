package org.udevreactor.reactor.daemon.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.udevreactor.reactor.daemon.DeviceEvent;

/**
 * udevd's ordering: an event waits while an earlier event is queued or being handled that
 * <ul>
 * <li>is for the same devpath, an ancestor or a descendant of it;
 * <li>has the same device number (MAJOR:MINOR; a block and a character device of the same
 *     numbers are different devices), e.g. a partition number freed and given to another disk's;
 * <li>has the same network interface index (IFINDEX);
 * <li>is for this event's DEVPATH_OLD (a "move", a rename), an ancestor or a descendant of it:
 *     what happened under the old name is handled first;
 * <li>or has a DEVPATH_OLD that is this event's devpath, an ancestor or a descendant of it: a
 *     device that takes a renamed device's old name waits until the rename is handled.
 * </ul>
 * Unrelated devices proceed in parallel, at most {@code maxRunning} at once; within one chain,
 * events start in arrival (SEQNUM) order. As systemd-udevd (src/udev/udevd.c, event_is_blocked).
 *
 * <p>Events made up from a sysfs scan (coldplug, resync, trigger) carry a devpath and no
 * properties, so only their devpath orders them: the daemon's state is kept by devpath, and a
 * device number or index shared with another devpath means that a device was renamed or made
 * again, which the kernel's own events for it (a "move" with DEVPATH_OLD, a "remove" of the
 * old devpath) order against the scanned devpath already.
 *
 * <p>Not thread-safe: the daemon calls it from one event loop only. Work is proportional to the
 * devpath's depth and the number of queued relatives, not to the queue's length: an event that
 * is blocked remembers one event in its way (for its own device, device number or ifindex, the
 * one just before it) and is looked at again only when that one finishes (then it may find
 * another one in its way). A burst of 100,000 events for one device therefore costs one check
 * per event, not a scan of the whole queue per finished event.
 */
public final class EventQueue {
    private final int maxRunning;
    private final Consumer<QueuedEvent> starter;
    /** Every queued or running event, by devpath, each list in arrival order. */
    private final NavigableMap<String, ArrayDeque<QueuedEvent>> byPath = new TreeMap<>();
    /** The queued or running events that renamed a device, by their DEVPATH_OLD, each list in arrival order. */
    private final NavigableMap<String, ArrayDeque<QueuedEvent>> byOldPath = new TreeMap<>();
    /** The latest queued or running event of each device number. */
    private final Map<DeviceNumber, QueuedEvent> lastByNumber = new HashMap<>();
    /** The latest queued or running event of each network interface index. */
    private final Map<Integer, QueuedEvent> lastByIfindex = new HashMap<>();
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
        if (queued.number != null) {
            queued.previousSameNumber = lastByNumber.put(queued.number, queued);
        }
        if (queued.ifindex > 0) {
            queued.previousSameIfindex = lastByIfindex.put(queued.ifindex, queued);
        }
        if (queued.devpathOld != null) {
            byOldPath.computeIfAbsent(queued.devpathOld, p -> new ArrayDeque<>()).addLast(queued);
        }
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
        forget(done);
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

    /** Removes a finished event from the maps its identities put it in (the devpath's is done by the caller). */
    private void forget(QueuedEvent done) {
        if (done.number != null) {
            lastByNumber.remove(done.number, done);
        }
        if (done.ifindex > 0) {
            lastByIfindex.remove(done.ifindex, done);
        }
        if (done.devpathOld != null) {
            ArrayDeque<QueuedEvent> renames = byOldPath.get(done.devpathOld);
            renames.remove(done);
            if (renames.isEmpty()) {
                byOldPath.remove(done.devpathOld);
            }
        }
    }

    /**
     * An earlier event this one must wait for (see the class comment); null when there is none.
     * Of a relative's events it returns the latest one before this event, not the oldest: the
     * events of one devpath (or device number, or ifindex) wait for each other, so they finish in
     * order and once the latest is done all before it are; an event is looked at again once per
     * relative in its way instead of once per event of theirs (a burst of n events on one device
     * would otherwise cost n²/2 checks).
     */
    private QueuedEvent firstInTheWay(QueuedEvent event) {
        QueuedEvent found = unfinished(event.previousSameDevice);
        event.previousSameDevice = found;
        if (found == null) {
            found = event.previousSameNumber = unfinished(event.previousSameNumber);
        }
        if (found == null) {
            found = event.previousSameIfindex = unfinished(event.previousSameIfindex);
        }
        String devpath = event.event().devpath();
        if (found == null) {
            found = latestRelativeBefore(byPath, devpath, false, event);
        }
        if (found == null && event.devpathOld != null) {
            found = latestRelativeBefore(byPath, event.devpathOld, true, event);
        }
        if (found == null && !byOldPath.isEmpty()) {
            found = latestRelativeBefore(byOldPath, devpath, true, event);
        }
        return found;
    }

    /** The event, or null when it is null or has finished (then it is let go: finished events are not kept alive through a chain). */
    private static QueuedEvent unfinished(QueuedEvent event) {
        return event == null || event.finished ? null : event;
    }

    /**
     * Of the events listed in {@code map} under an ancestor or a descendant of {@code path} (or
     * under {@code path} itself when {@code self}), the latest one before {@code event} for the
     * first such devpath found; null when there is none.
     */
    private static QueuedEvent latestRelativeBefore(NavigableMap<String, ArrayDeque<QueuedEvent>> map, String path, boolean self,
                                                    QueuedEvent event) {
        QueuedEvent found = self ? latestBefore(map.get(path), event) : null;
        for (int slash = path.lastIndexOf('/'); found == null && slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            found = latestBefore(map.get(path.substring(0, slash)), event);
        }
        if (found == null) {
            // Descendants sort between "P/" and "P0" ('0' follows '/').
            for (Map.Entry<String, ArrayDeque<QueuedEvent>> e : map.subMap(path + "/", path + "0").entrySet()) {
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
