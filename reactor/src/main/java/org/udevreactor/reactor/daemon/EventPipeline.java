package org.udevreactor.reactor.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.reactor.daemon.bus.BusAddresses;
import org.udevreactor.reactor.daemon.bus.EventBatch;
import org.udevreactor.reactor.daemon.bus.HandledBatch;
import org.udevreactor.reactor.daemon.bus.LocalCodec;
import org.udevreactor.reactor.daemon.handling.DeviceHandler;
import org.udevreactor.reactor.daemon.handling.Handled;
import org.udevreactor.reactor.daemon.queue.EventQueue;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.daemon.scan.Reconciliation;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.DeviceState;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.metrics.EventMetrics;

/**
 * The daemon's event loop side: takes {@link EventBatch}es off the bus into the {@link EventQueue}
 * (udevd's ordering), runs each event's {@link DeviceHandler} on a bounded worker pool (loads and
 * binds block; never on the event loop), publishes the results on {@link BusAddresses#HANDLED},
 * and answers {@link EventLoss} reports with a rescan of sysfs reconciled against the registry.
 * Every queue call happens on this verticle's event loop. Events and results travel between the
 * loop and the workers in batches ({@link WorkerHandoff}): a burst costs a few hops per batch, not
 * two per event.
 */
public final class EventPipeline extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
    /**
     * Events the queue may hand to the workers at once, per worker: more than one, so the loop can
     * release a batch while every worker is busy; the workers still handle at most {@code workers} at once.
     */
    private static final int HANDED_PER_WORKER = 32;

    private final DeviceHandler handler;
    private final DeviceRegistry registry;
    private final DeviceScanner scanner;
    private final int workers;
    private final PipelineCounters counters = new PipelineCounters();
    private final EventMetrics metrics = new EventMetrics(java.time.Clock.systemUTC());
    private final List<Consumer<DeviceEvent>> arrivalWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private WorkerExecutor pool;
    private WorkerHandoff handoff;
    private EventQueue queue;
    /** The latest resync; settling waits for it to have queued its events. Event loop only. */
    private Future<?> resyncing = Future.succeededFuture();
    /** The highest kernel SEQNUM queued so far. Event loop only. */
    private long lastSeqnum;
    /** Settles waiting for a SEQNUM to be queued. Event loop only. */
    private final List<SeqnumWaiter> seqnumWaiters = new java.util.ArrayList<>();
    /** The rescan that has not begun yet, which new loss reports join; event loop only. */
    private ResyncRound waitingRound;
    /** Completes when the latest rescan's events are handled: the next rescan begins after it. Event loop only. */
    private Future<Void> lastResyncHandled = Future.succeededFuture();

    /** Reads sysfs (blocking; called on a worker). */
    public interface DeviceScanner {
        /** The devices present now, parents first. */
        List<ScannedDevice> scan() throws Exception;

        /** A device's driver and incarnation now, for a resync to compare with its record; empty when it is gone. */
        Optional<DeviceState> state(String devpath) throws Exception;

        /** The daemon's: {@link SysfsScan} and {@link DeviceSnapshots#state}. */
        static DeviceScanner of(SysfsRoot sysfs) {
            DeviceSnapshots snapshots = new DeviceSnapshots(sysfs);
            return new DeviceScanner() {
                @Override
                public List<ScannedDevice> scan() throws Exception {
                    return SysfsScan.devices(sysfs);
                }

                @Override
                public Optional<DeviceState> state(String devpath) throws Exception {
                    return snapshots.state(devpath);
                }
            };
        }
    }

    public EventPipeline(DeviceHandler handler, DeviceRegistry registry, DeviceScanner scanner, int workers) {
        this.handler = handler;
        this.registry = registry;
        this.scanner = scanner;
        this.workers = workers;
    }

    /** The codecs of every message type on the daemon's bus; once per Vert.x instance, before deploying. */
    public static void registerCodecs(io.vertx.core.eventbus.EventBus bus) {
        bus.registerDefaultCodec(EventBatch.class, new LocalCodec<>(EventBatch.class));
        bus.registerDefaultCodec(EventLoss.class, new LocalCodec<>(EventLoss.class));
        bus.registerDefaultCodec(HandledBatch.class, new LocalCodec<>(HandledBatch.class));
    }

    @Override
    public Future<?> start() {
        // One thread more than the event workers: a sysfs scan (coldplug, resync) never waits for a
        // burst's workers to run dry.
        pool = vertx.createSharedWorkerExecutor("reactor-worker", workers + 1);
        handoff = new WorkerHandoff(pool, context, workers, queued -> handler.handleWithoutBlocking(queued.event()),
                queued -> handler.handle(queued.event()), this::finished);
        queue = new EventQueue(workers * HANDED_PER_WORKER, handoff::hand);
        MessageConsumer<EventBatch> events = vertx.eventBus().consumer(BusAddresses.EVENTS, m -> submit(m.body().events()));
        MessageConsumer<EventLoss> losses = vertx.eventBus().consumer(BusAddresses.LOSS, m -> resync(m.body()));
        return Future.all(events.completion(), losses.completion());
    }

    @Override
    public Future<?> stop() {
        return pool.close();
    }

    public PipelineCounters counters() {
        return counters;
    }

    public EventMetrics metrics() {
        return metrics;
    }

    /** Events waiting in the queue and events being handled, read on the event loop. */
    public Future<QueueDepth> depth() {
        Promise<QueueDepth> done = Promise.promise();
        onLoop(() -> {
            int handling = handoff.handling();
            done.complete(new QueueDepth(queue.size() - handling, handling));
        });
        return done.future();
    }

    /**
     * Called on the event loop for each event as it is queued (the trigger waits for its UUIDs
     * this way); the watcher must not block.
     */
    public void watchArrivals(Consumer<DeviceEvent> watcher) {
        arrivalWatchers.add(watcher);
    }

    /**
     * Scans sysfs and handles every device found as "add" (coldplug); completes when every one of
     * those events has been handled (events arriving meanwhile do not delay it), with the count.
     */
    public Future<Integer> coldplug() {
        return pool.executeBlocking(scanner::scan, false).compose(this::coldplug);
    }

    /**
     * Handles every device of a scan made once the listener's socket was open as "add"
     * (coldplug); completes when every one of those events has been handled, with the count.
     */
    public Future<Integer> coldplug(List<ScannedDevice> present) {
        Promise<Integer> done = Promise.promise();
        onLoop(() -> {
            List<DeviceEvent> found = present.stream()
                    .map(d -> DeviceEvent.scanned(DeviceEvent.Source.COLDPLUG, org.udevreactor.netlink.UeventAction.ADD, d.devpath(), d.subsystem()))
                    .toList();
            submit(found);
            queue.afterCurrent(() -> done.complete(found.size()));
        });
        return done.future();
    }

    /**
     * Coldplug again, on request (reactor trigger): rescans sysfs, handles every device present as
     * "add" and every registered device no longer present as "remove" (children first), writing
     * nothing to sysfs; completes once all of those events have been handled.
     */
    public Future<Triggered> trigger() {
        Promise<Triggered> done = Promise.promise();
        onLoop(() -> pool.executeBlocking(scanner::scan, false).onComplete(scan -> {
            if (scan.failed()) {
                done.fail(scan.cause());
                return;
            }
            // Only what vanished is needed: every device present is handled as "add" anyway.
            List<DeviceEvent> events = new java.util.ArrayList<>();
            Reconciliation.of(registry.snapshot(), scan.result(), Map.of()).removed().forEach(e -> events.add(
                    DeviceEvent.scanned(DeviceEvent.Source.TRIGGER, e.action(), e.devpath(), e.subsystem())));
            int removed = events.size();
            scan.result().forEach(d -> events.add(
                    DeviceEvent.scanned(DeviceEvent.Source.TRIGGER, org.udevreactor.netlink.UeventAction.ADD, d.devpath(), d.subsystem())));
            submit(events);
            queue.afterCurrent(() -> done.complete(new Triggered(scan.result().size(), removed)));
        }));
        return done.future();
    }

    /**
     * What a trigger handled.
     *
     * @param added   devices present, each handled as "add"
     * @param removed registered devices no longer present, each handled as "remove"
     */
    public record Triggered(int added, int removed) {
    }

    /**
     * Completes once every event queued so far has been handled (udevadm settle), including what a
     * resync in progress is about to queue.
     */
    public Future<Void> settle() {
        Promise<Void> done = Promise.promise();
        onLoop(() -> resyncing.onComplete(r -> queue.afterCurrent(() -> done.complete())));
        return done.future();
    }

    /**
     * As {@link #settle()}, once a kernel event with SEQNUM {@code kernelSeqnum} or later has been
     * queued: what the kernel had sent when the caller asked (/sys/kernel/uevent_seqnum) may still
     * be in the socket or on the bus. Waits for that at most {@code grace}, because the events of
     * other network namespaces count in SEQNUM but never reach this socket.
     */
    public Future<Void> settle(long kernelSeqnum, java.time.Duration grace) {
        Promise<Void> received = Promise.promise();
        onLoop(() -> {
            if (lastSeqnum >= kernelSeqnum) {
                received.complete();
                return;
            }
            long timer = vertx.setTimer(Math.max(1, grace.toMillis()), t -> received.tryComplete());
            seqnumWaiters.add(new SeqnumWaiter(kernelSeqnum, () -> {
                vertx.cancelTimer(timer);
                received.tryComplete();
            }));
        });
        return received.future().compose(v -> settle());
    }

    private record SeqnumWaiter(long seqnum, Runnable action) {
    }

    /** Completes on the pipeline's event loop: proof that it still runs tasks (the systemd watchdog). */
    public Future<Void> probe() {
        Promise<Void> done = Promise.promise();
        onLoop(done::complete);
        return done.future();
    }

    private void onLoop(Runnable action) {
        if (io.vertx.core.Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void submit(List<DeviceEvent> events) {
        for (DeviceEvent event : events) {
            for (Consumer<DeviceEvent> watcher : arrivalWatchers) {
                watcher.accept(event);
            }
            queue.submit(event);
        }
        if (!seqnumWaiters.isEmpty()) {
            events.forEach(e -> e.uevent().ifPresent(u -> lastSeqnum = Math.max(lastSeqnum, u.seqnum())));
            seqnumWaiters.removeIf(w -> {
                if (w.seqnum() <= lastSeqnum) {
                    w.action().run();
                    return true;
                }
                return false;
            });
        } else if (!events.isEmpty()) {
            events.get(events.size() - 1).uevent().ifPresent(u -> lastSeqnum = Math.max(lastSeqnum, u.seqnum()));
        }
        finishHandledOnLoop();
    }

    /** On the event loop: results back from the workers. */
    private void finished(List<WorkerHandoff.Finished> batch) {
        complete(batch);
        finishHandledOnLoop();
    }

    /**
     * Completes the events the queue's last calls had handled on the loop: finishing them may
     * release their waiting relatives, which may be handled on the loop in turn.
     */
    private void finishHandledOnLoop() {
        for (List<WorkerHandoff.Finished> batch = handoff.takeHandledOnLoop(); !batch.isEmpty(); batch = handoff.takeHandledOnLoop()) {
            complete(batch);
        }
    }

    /** Counts and publishes the results, and lets the queue start what waited for them. */
    private void complete(List<WorkerHandoff.Finished> batch) {
        List<Handled> results = new java.util.ArrayList<>(batch.size());
        for (WorkerHandoff.Finished f : batch) {
            if (f.handled() != null) {
                counters.record(f.handled());
                metrics.record(f.handled(), System.nanoTime() - f.queued().queuedNanos());
                results.add(f.handled());
            } else {
                // DeviceHandler turns every failure into a result; this is a bug, but not a reason to stop.
                log.error("{}: handling failed unexpectedly", f.queued().event(), f.failure());
            }
        }
        if (!results.isEmpty()) {
            vertx.eventBus().publish(BusAddresses.HANDLED, new HandledBatch(results), LOCAL);
        }
        // Last: finishing may complete a settle or coldplug, whose waiters read the counters.
        for (WorkerHandoff.Finished f : batch) {
            queue.finished(f.queued());
        }
    }

    /** The devices present, and the state now of those the registry knows (what a resync compares). */
    private Rescanned scanWithStates() throws Exception {
        List<ScannedDevice> devices = scanner.scan();
        Map<String, DeviceState> states = new java.util.HashMap<>();
        for (ScannedDevice d : devices) {
            if (registry.contains(d.devpath())) {
                scanner.state(d.devpath()).ifPresent(state -> states.put(d.devpath(), state));
            }
        }
        return new Rescanned(devices, states);
    }

    private record Rescanned(List<ScannedDevice> devices, Map<String, DeviceState> states) {
    }

    /**
     * Rescans sysfs after lost events and queues what the registry missed (vanished devices as
     * "remove", new ones as "add", re-created ones as both, a driver change as "bind" or "unbind":
     * see {@link Reconciliation}); completes with the difference once it is queued. Reports that
     * arrive while a rescan waits to begin join it (one scan, counts summed in its warning); a
     * rescan begins only when the previous one's events are handled, so it never re-adds devices
     * the previous one queued.
     */
    public Future<Reconciliation> resync(EventLoss loss) {
        Promise<Reconciliation> result = Promise.promise();
        onLoop(() -> {
            ResyncRound waiting = waitingRound;
            if (waiting != null && waiting.join(loss)) {
                log.debug("{}; the rescan waiting to begin covers it", loss);
                waiting.future().onComplete(result);
                return;
            }
            log.warn("{}; rescanning sysfs", loss);
            ResyncRound round = new ResyncRound(loss);
            waitingRound = round;
            resyncing = round.future();
            round.future().onComplete(result);
            Promise<Void> handled = Promise.promise();
            Future<Void> previous = lastResyncHandled;
            lastResyncHandled = handled.future();
            previous.onComplete(x -> rescan(round, handled));
        });
        return result.future();
    }

    private void rescan(ResyncRound round, Promise<Void> handled) {
        pool.executeBlocking(() -> {
            round.begin();
            return scanWithStates();
        }, false).onComplete(scan -> {
            if (scan.failed()) {
                log.error("resync after lost events failed: cannot scan sysfs: {}", scan.cause().toString());
                round.queued().fail(scan.cause());
                handled.complete();
                return;
            }
            Reconciliation diff = Reconciliation.of(registry.snapshot(), scan.result().devices(), scan.result().states());
            counters.recordResync(round.reports(), round.counted(), diff.size());
            int recreated = diff.recreated().size();
            log.warn("resync: {}, recovered by rescanning sysfs: {} new devices handled as add, {} vanished handled as remove, "
                            + "{} re-created handled as remove and add, {} on another driver handled as bind or unbind",
                    round.describe(), diff.added().size() - recreated, diff.removed().size() - recreated, recreated, diff.rebound().size());
            submit(diff.events());
            round.queued().complete(diff);
            queue.afterCurrent(handled::complete);
        });
    }
}
