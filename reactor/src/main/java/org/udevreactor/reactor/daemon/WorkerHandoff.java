package org.udevreactor.reactor.daemon;

import io.vertx.core.Context;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.udevreactor.reactor.daemon.handling.Handled;
import org.udevreactor.reactor.daemon.queue.QueuedEvent;

/**
 * Carries the events the {@link org.udevreactor.reactor.daemon.queue.EventQueue} releases to the
 * workers and their results back to the event loop, in batches instead of one round trip per event.
 *
 * <p>Released events go into one shared line. At most {@code workers} worker tasks take from it,
 * one event at a time, each running until the line is empty; so a worker blocked in a slow load or
 * bind holds only its own event, and the other workers go on with the rest. A task is started only
 * when an event is handed over and fewer than {@code workers} are running, so an idle daemon holds
 * no worker. Results collect in a second line, which the event loop empties in one task however
 * many arrived meanwhile.
 *
 * <p>An event whose handling needs neither sysfs nor anything that blocks (see
 * {@link org.udevreactor.reactor.daemon.handling.DeviceHandler#handleWithoutBlocking}) is handled
 * in {@link #hand} itself, on the event loop: on a burst of such events a worker hop and a loop
 * hop per batch cost more than the handling. Its result waits in a third line until the caller,
 * its queue call done, takes them with {@link #takeHandledOnLoop} (finishing it inside the
 * queue's call would re-enter the queue).
 *
 * <p>{@link #hand} is called on the event loop; the batch consumer runs there.
 */
final class WorkerHandoff {
    /** Results taken per event-loop task at most, so bus messages waiting behind them are not starved. */
    private static final int MAX_RESULTS_PER_TASK = 1024;
    /**
     * Events one worker task handles at most before it hands over to a fresh task of the pool (in
     * its place, so the count of tasks stays): a long storm then never keeps one task running for
     * minutes (Vert.x warns of a blocked worker after 60 s), and a sysfs scan queued on the pool
     * gets its turn.
     */
    static final int MAX_EVENTS_PER_TASK = 256;

    private final WorkerExecutor pool;
    private final Context loop;
    private final int workers;
    private final Function<QueuedEvent, Handled> handler;
    private final Function<QueuedEvent, Handled> handlerWithoutBlocking;
    private final Consumer<List<Finished>> onBatch;
    private final ConcurrentLinkedQueue<QueuedEvent> line = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Finished> results = new ConcurrentLinkedQueue<>();
    /** Worker tasks started and not yet ended. */
    private final AtomicInteger tasks = new AtomicInteger();
    /** Events inside the handler now. */
    private final AtomicInteger handling = new AtomicInteger();
    /** Whether an event-loop task that empties {@link #results} is on its way. */
    private final AtomicBoolean resultsScheduled = new AtomicBoolean();
    /** Results of the events handled on the loop, not yet taken; event loop only. */
    private List<Finished> handledOnLoop = new ArrayList<>();

    /**
     * One event after its worker: its handler's result, or what the handler threw (a bug: the
     * handler turns every failure into a result).
     */
    record Finished(QueuedEvent queued, Handled handled, Throwable failure) {
    }

    /**
     * @param handlerWithoutBlocking runs on the loop first for each event: its result when the
     *                               event needs nothing that blocks, else null (then nothing was done)
     * @param handler                runs on a worker for each event the first one returned null for; may block
     * @param onBatch                runs on {@code loop} with results in the order their workers finished them
     */
    WorkerHandoff(WorkerExecutor pool, Context loop, int workers, Function<QueuedEvent, Handled> handlerWithoutBlocking,
                  Function<QueuedEvent, Handled> handler, Consumer<List<Finished>> onBatch) {
        this.pool = pool;
        this.loop = loop;
        this.workers = workers;
        this.handlerWithoutBlocking = handlerWithoutBlocking;
        this.handler = handler;
        this.onBatch = onBatch;
    }

    /** Handles an event here, or hands it to the workers (event loop only). */
    void hand(QueuedEvent event) {
        Finished now;
        try {
            Handled handled = handlerWithoutBlocking.apply(event);
            now = handled == null ? null : new Finished(event, handled, null);
        } catch (Throwable t) {
            now = new Finished(event, null, t);
        }
        if (now != null) {
            handledOnLoop.add(now);
            return;
        }
        line.add(event);
        for (int running = tasks.get(); running < workers; running = tasks.get()) {
            if (tasks.compareAndSet(running, running + 1)) {
                pool.executeBlocking(this::work, false);
                return;
            }
        }
    }

    /**
     * The results of the events {@link #hand} handled on the loop since the last call, in the
     * order handled; empty when there are none (event loop only).
     */
    List<Finished> takeHandledOnLoop() {
        if (handledOnLoop.isEmpty()) {
            return List.of();
        }
        List<Finished> taken = handledOnLoop;
        handledOnLoop = new ArrayList<>();
        return taken;
    }

    /** Events being handled on workers now. */
    int handling() {
        return handling.get();
    }

    /** A worker task: handles events from the line until it is empty. */
    private Void work() {
        for (int handled = 0; ; ) {
            if (handled == MAX_EVENTS_PER_TASK) {
                pool.executeBlocking(this::work, false);
                return null;
            }
            QueuedEvent event = line.poll();
            if (event == null) {
                tasks.decrementAndGet();
                // An event handed over after the poll but before the decrement saw this task still
                // counted and started none: take it on again, if no other task has been started since.
                if (line.isEmpty() || !rejoin()) {
                    return null;
                }
                continue;
            }
            handled++;
            handling.incrementAndGet();
            Finished finished;
            try {
                finished = new Finished(event, handler.apply(event), null);
            } catch (Throwable t) {
                finished = new Finished(event, null, t);
            } finally {
                handling.decrementAndGet();
            }
            results.add(finished);
            if (resultsScheduled.compareAndSet(false, true)) {
                loop.runOnContext(v -> deliver());
            }
        }
    }

    private boolean rejoin() {
        for (int running = tasks.get(); running < workers; running = tasks.get()) {
            if (tasks.compareAndSet(running, running + 1)) {
                return true;
            }
        }
        return false;
    }

    /** On the event loop: every result collected so far (up to the cap) as one batch. */
    private void deliver() {
        // Cleared first: a result added from here on schedules another delivery.
        resultsScheduled.set(false);
        List<Finished> batch = new ArrayList<>();
        for (Finished f = results.poll(); f != null; f = batch.size() < MAX_RESULTS_PER_TASK ? results.poll() : null) {
            batch.add(f);
        }
        if (!results.isEmpty() && resultsScheduled.compareAndSet(false, true)) {
            loop.runOnContext(v -> deliver());
        }
        if (!batch.isEmpty()) {
            onBatch.accept(batch);
        }
    }
}
