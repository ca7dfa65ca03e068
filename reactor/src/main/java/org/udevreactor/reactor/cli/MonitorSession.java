package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventSink;

/** The monitor's sink: filters, writes, counts, and says when the monitor is done. */
final class MonitorSession implements UeventSink {
    private static final Logger log = LoggerFactory.getLogger("reactor.monitor");

    private final EventFormat format;
    private final MonitorFilter filter;
    private final int limit;
    private final BooleanSupplier outputBroken;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile int shown;
    private volatile Exception failure;

    /**
     * @param limit        stop after this many shown events; 0 for no limit
     * @param outputBroken whether the output can no longer be written (e.g. the reader of a pipe exited)
     */
    MonitorSession(EventFormat format, MonitorFilter filter, int limit, BooleanSupplier outputBroken) {
        this.format = format;
        this.filter = filter;
        this.limit = limit;
        this.outputBroken = outputBroken;
    }

    @Override
    public void onEvents(List<Uevent> batch) {
        long now = System.nanoTime(); // CLOCK_MONOTONIC on Linux, the clock udevadm prints
        try {
            synchronized (format) {
                for (Uevent event : batch) {
                    if (done.getCount() == 0 || !filter.accepts(event)) {
                        continue;
                    }
                    format.event(event, now);
                    shown++;
                    if (limit > 0 && shown >= limit) {
                        done.countDown();
                    }
                }
                format.flush();
            }
        } catch (IOException e) {
            done.countDown();
        }
        if (outputBroken.getAsBoolean()) {
            done.countDown();
        }
    }

    @Override
    public void onLoss(EventLoss loss) {
        log.warn("{}", loss);
        try {
            synchronized (format) {
                format.loss(loss);
                format.flush();
            }
        } catch (IOException e) {
            done.countDown();
        }
    }

    @Override
    public void onFailure(Exception e) {
        failure = e;
        done.countDown();
    }

    boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    void flush() throws IOException {
        synchronized (format) {
            format.flush();
        }
    }

    int shown() {
        return shown;
    }

    Exception failure() {
        return failure;
    }
}
