package org.udevreactor.reactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.handling.ActionResult;
import org.udevreactor.reactor.daemon.handling.Handled;
import org.udevreactor.reactor.daemon.queue.EventQueue;

/** Events to the workers and results back in batches, fed by a real {@link EventQueue} on an event loop. */
class WorkerHandoffTest {
    private static final int WORKERS = 2;

    private final Vertx vertx = Vertx.vertx();
    private final Context loop = vertx.getOrCreateContext();
    private final WorkerExecutor pool = vertx.createSharedWorkerExecutor("handoff-test", WORKERS + 1);
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    /** Results in the order they were delivered, with the thread they were delivered on. */
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deliveredOn = Collections.synchronizedList(new ArrayList<>());
    private final List<DeviceEvent> deliveredEvents = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch slowGate = new CountDownLatch(1);
    private EventQueue queue;

    @AfterEach
    void close() throws Exception {
        slowGate.countDown();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Handled handle(DeviceEvent event) {
        int now = inside.incrementAndGet();
        mostInside.accumulateAndGet(now, Math::max);
        try {
            if (event.devpath().endsWith("/slow")) {
                // A bind waiting for a probe.
                slowGate.await();
            }
            return new Handled(event, Optional.empty(), ActionResult.nothing("handled"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Handled(event, Optional.empty(), ActionResult.failed("interrupted"));
        } finally {
            inside.decrementAndGet();
        }
    }

    /** Events of devices named ".../quick..." need nothing that blocks: handled on the loop, as the daemon's removals are. */
    private Handled handleWithoutBlocking(DeviceEvent event) {
        if (!event.devpath().contains("/quick")) {
            return null;
        }
        handledOnLoopBy.add(Thread.currentThread().getName());
        return new Handled(event, Optional.empty(), ActionResult.nothing("handled on the loop"));
    }

    /** The threads the events handled without blocking were handled on. */
    private final List<String> handledOnLoopBy = Collections.synchronizedList(new ArrayList<>());
    private WorkerHandoff handoff;

    /** As EventPipeline drives it: each queue call is followed by completing what was handled on the loop meanwhile. */
    private void start(List<DeviceEvent> events) {
        loop.runOnContext(v -> {
            handoff = new WorkerHandoff(pool, loop, WORKERS, q -> handleWithoutBlocking(q.event()), q -> handle(q.event()), batch -> {
                complete(batch);
                completeHandledOnLoop();
            });
            queue = new EventQueue(WORKERS * 32, handoff::hand);
            events.forEach(queue::submit);
            completeHandledOnLoop();
        });
    }

    private void complete(List<WorkerHandoff.Finished> batch) {
        batch.forEach(f -> {
            delivered.add(f.handled().event().devpath());
            deliveredOn.add(Thread.currentThread().getName());
            deliveredEvents.add(f.handled().event());
            queue.finished(f.queued());
        });
    }

    private void completeHandledOnLoop() {
        for (List<WorkerHandoff.Finished> batch = handoff.takeHandledOnLoop(); !batch.isEmpty(); batch = handoff.takeHandledOnLoop()) {
            complete(batch);
        }
    }

    private static DeviceEvent event(String devpath) {
        return DeviceEvent.scanned(DeviceEvent.Source.COLDPLUG, UeventAction.ADD, devpath, "test");
    }

    @Test
    void hand_aSlowEventFirst_theOthersAreHandledMeanwhileByTheOtherWorker() throws Exception {
        List<DeviceEvent> events = new ArrayList<>();
        events.add(event("/devices/test/slow"));
        for (int i = 0; i < 200; i++) {
            events.add(event("/devices/test/fast" + i));
        }
        start(events);

        awaitCondition(() -> delivered.size() == 200);
        assertThat(delivered).doesNotContain("/devices/test/slow");
        slowGate.countDown();
        awaitCondition(() -> delivered.size() == 201);

        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(mostInside.get()).as("handled at once at most").isLessThanOrEqualTo(WORKERS);
        assertThat(deliveredOn).as("results are delivered on the event loop").allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    }

    @Test
    void hand_eventsOfOneDevice_areHandledOneAfterAnotherInOrder() throws Exception {
        List<DeviceEvent> events = new ArrayList<>();
        // More than a worker task handles before it hands over to a fresh one.
        int count = 4 * WorkerHandoff.MAX_EVENTS_PER_TASK;
        for (int i = 0; i < count; i++) {
            // Made apart in time, so each of a's events differs from the others (receivedNanos).
            events.add(event(i % 3 == 0 ? "/devices/test/a" : "/devices/test/b" + i));
            Thread.onSpinWait();
        }
        // The queue's order holds through the handoff: a's events come back in submission order.
        List<DeviceEvent> aEvents = events.stream().filter(e -> e.devpath().equals("/devices/test/a")).toList();
        start(events);

        awaitCondition(() -> delivered.size() == count);
        assertThat(deliveredEvents.stream().filter(e -> e.devpath().equals("/devices/test/a")).toList())
                .containsExactlyElementsOf(aEvents);
        assertThat(mostInside.get()).isLessThanOrEqualTo(WORKERS);
    }

    @Test
    void hand_eventsThatNeedNothingBlocking_areHandledOnTheLoopInTheirChainsOrder() throws Exception {
        List<DeviceEvent> events = new ArrayList<>();
        // The slow device's child must wait for it, however quick its own handling is.
        events.add(event("/devices/test/slow"));
        events.add(event("/devices/test/slow/quick-child"));
        for (int i = 0; i < 300; i++) {
            events.add(event(i % 2 == 0 ? "/devices/test/quick" + (i % 7) : "/devices/test/fast" + (i % 5)));
            Thread.onSpinWait();
        }
        List<DeviceEvent> quick3 = events.stream().filter(e -> e.devpath().equals("/devices/test/quick3")).toList();
        start(events);

        awaitCondition(() -> delivered.size() == 300);
        assertThat(delivered).doesNotContain("/devices/test/slow", "/devices/test/slow/quick-child");
        slowGate.countDown();
        awaitCondition(() -> delivered.size() == 302);

        assertThat(delivered.indexOf("/devices/test/slow")).isLessThan(delivered.indexOf("/devices/test/slow/quick-child"));
        assertThat(deliveredEvents).doesNotHaveDuplicates();
        assertThat(deliveredEvents.stream().filter(e -> e.devpath().equals("/devices/test/quick3")).toList())
                .containsExactlyElementsOf(quick3);
        assertThat(handledOnLoopBy).hasSize(151).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        assertThat(mostInside.get()).as("the workers had only the others").isLessThanOrEqualTo(WORKERS);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
