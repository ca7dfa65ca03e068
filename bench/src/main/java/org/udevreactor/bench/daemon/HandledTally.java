package org.udevreactor.bench.daemon;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.BitSet;
import java.util.Set;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.bus.BusAddresses;
import org.udevreactor.reactor.daemon.bus.HandledBatch;
import org.udevreactor.reactor.daemon.handling.Handled;

/**
 * Listens on {@link BusAddresses#HANDLED}, on an event loop of its own, and crosses off each burst
 * event by its SEQNUM: the proof that every event of a burst was handled, and only once.
 */
final class HandledTally {
    private final Context context;
    private final Set<String> burstDevpaths;
    private BitSet seen = new BitSet();
    private long base;
    private long burstHandled;
    private long duplicates;
    private long others;

    HandledTally(Vertx vertx, Set<String> burstDevpaths) throws Exception {
        this.burstDevpaths = burstDevpaths;
        this.context = vertx.getOrCreateContext();
        Promise<Void> registered = Promise.promise();
        context.runOnContext(v -> vertx.eventBus().<HandledBatch>consumer(BusAddresses.HANDLED, m -> m.body().results().forEach(this::count))
                .completion().onComplete(registered));
        DryRunPipeline.await(registered.future());
    }

    /** Starts a new burst whose events have SEQNUMs above {@code lastSeqnumBefore}. */
    void reset(long lastSeqnumBefore) throws Exception {
        DryRunPipeline.await(onContext(() -> {
            seen = new BitSet();
            base = lastSeqnumBefore + 1;
            burstHandled = 0;
            duplicates = 0;
            others = 0;
        }));
    }

    /** Completes once every result published before this call has been counted. */
    io.vertx.core.Future<Void> caughtUp() {
        return onContext(() -> { });
    }

    private io.vertx.core.Future<Void> onContext(Runnable action) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            action.run();
            done.complete();
        });
        return done.future();
    }

    private void count(Handled h) {
        long seqnum = h.event().uevent().map(u -> u.seqnum()).orElse(-1L);
        if (h.event().action() != UeventAction.CHANGE || seqnum < base || !burstDevpaths.contains(h.event().devpath())) {
            others++;
            return;
        }
        int bit = (int) (seqnum - base);
        if (seen.get(bit)) {
            duplicates++;
        } else {
            seen.set(bit);
            burstHandled++;
        }
    }

    /** Fails unless exactly {@code events} burst events were handled, each once, and none failed. */
    void verify(int events) throws Exception {
        DryRunPipeline.await(caughtUp());
        if (burstHandled != events || duplicates != 0) {
            throw new IllegalStateException("pipeline: handled " + burstHandled + " distinct events of a burst of " + events
                    + " (" + duplicates + " handled twice, " + others + " other events)");
        }
    }

    long others() {
        return others;
    }
}
