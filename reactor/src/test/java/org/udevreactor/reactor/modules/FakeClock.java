package org.udevreactor.reactor.modules;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Time that moves only when the loader sleeps (or a test says so), each sleep running a hook. */
public final class FakeClock implements LoaderClock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Runnable onSleep = () -> { };

    public FakeClock onSleep(Runnable hook) {
        onSleep = hook;
        return this;
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        onSleep.run();
    }
}
