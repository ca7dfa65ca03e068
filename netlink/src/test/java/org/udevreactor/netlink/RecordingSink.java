package org.udevreactor.netlink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Keeps everything a listener delivers, and lets a test wait for a matching event. */
final class RecordingSink implements UeventSink {
    final List<Uevent> events = new CopyOnWriteArrayList<>();
    final List<EventLoss> losses = new CopyOnWriteArrayList<>();
    final List<Exception> failures = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    @Override
    public void onEvents(List<Uevent> batch) {
        batchSizes.add(batch.size());
        events.addAll(batch);
    }

    @Override
    public void onLoss(EventLoss loss) {
        losses.add(loss);
    }

    @Override
    public void onFailure(Exception failure) {
        failures.add(failure);
    }

    /** Waits up to {@code timeout} for an event matching {@code filter}; fails with what did arrive. */
    Uevent await(Predicate<Uevent> filter, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Uevent event : events) {
                if (filter.test(event)) {
                    return event;
                }
            }
            Thread.sleep(5);
        }
        List<Uevent> received = List.copyOf(events);
        // Only the tail: after a burst the whole list would be too large to print.
        throw new AssertionError("no " + what + " within " + timeout + "; received " + received.size()
                + " events, the last ones: " + received.subList(Math.max(0, received.size() - 20), received.size())
                + "; losses: " + losses);
    }

    List<Uevent> matching(Predicate<Uevent> filter) {
        return events.stream().filter(filter).collect(Collectors.toList());
    }

    List<Long> seqnums() {
        List<Long> seqnums = new ArrayList<>();
        events.forEach(event -> seqnums.add(event.seqnum()));
        return seqnums;
    }
}
