package org.udevreactor.reactor.modules;

import java.time.Duration;

/** Time for the loader: durations of results and the waits for "coming" modules; faked in tests. */
public interface LoaderClock {
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    static LoaderClock system() {
        return new LoaderClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
