package org.udevreactor.bench.netlink;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.ListenerStats;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.UeventListener;

/**
 * Messages per second received from a real kernel burst of {@value #BURST_EVENTS} uevents, three ways:
 *
 * <ul>
 * <li>{@code cRecvmsgLoop}: the reference, a minimal C loop with one recvmsg per datagram;</li>
 * <li>{@code jnrRecvmsgLoop}: the same loop in Java through jnr-ffi, for context;</li>
 * <li>{@code listenerDrainAndParse}: {@link UeventListener#drainAvailable()}, the real receive path
 *     (recvmmsg, sender trust, parsing into ordered maps, SEQNUM tracking, batched delivery).</li>
 * </ul>
 *
 * <p>Each invocation opens a fresh socket (128 MiB receive buffer, as the listener's default), fills
 * it with the burst, untimed, then times draining it until empty. Afterwards every variant must have
 * received at least the burst's events without ENOBUFS, which means none was lost (see
 * {@link KernelBurst}), and the listener must have delivered exactly the burst's events, or the
 * benchmark fails.
 * Needs root (sysfs writes, SO_RCVBUFFORCE) and gcc.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(UeventReceiveBenchmark.BURST_EVENTS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
// jnr-ffi calls by reflection, as the `reactor` command makes them (ReactorCommand.main).
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "-Djnr.ffi.asm.enabled=false"})
public class UeventReceiveBenchmark {
    static final int BURST_EVENTS = 100_000;
    static final int RECEIVE_BUFFER_BYTES = ListenerConfig.DEFAULT_RECEIVE_BUFFER_BYTES;

    @Benchmark
    public long cRecvmsgLoop(CLoop state) {
        return state.drain();
    }

    @Benchmark
    public long jnrRecvmsgLoop(JnrLoop state) {
        return state.drain();
    }

    @Benchmark
    public int listenerDrainAndParse(Listener state) throws NativeCallException {
        return state.listener.drainAvailable();
    }

    /** What a trial's bursts came to, printed at its end: the zero-loss evidence beside the rate. */
    static final class BurstTally {
        private long bursts;
        private long foreignEvents;

        /** Called after a burst passed its check. */
        void add(KernelBurst burst, DrainCount drained) {
            bursts++;
            foreignEvents += burst.foreignEvents(drained);
        }

        void print(String variant) {
            System.out.printf("%n%s: %d bursts of %d events, each received in full without ENOBUFS; %d datagrams of"
                    + " other processes drained too, uncounted (the rate is understated by %.3f%%)%n", variant,
                    bursts, BURST_EVENTS, foreignEvents,
                    100.0 * foreignEvents / Math.max(1.0, bursts * (double) BURST_EVENTS));
        }
    }

    /**
     * A socket opened by the C harness (the same set-up for both recvmsg loops), filled with a burst
     * before each invocation and checked after it; subclasses say how it is drained.
     */
    abstract static class RecvmsgLoopState {
        CRecvmsgLoop opener;
        int fd = -1;
        KernelBurst burst;
        DrainCount drained;
        final BurstTally tally = new BurstTally();

        abstract DrainCount drain(int socket);

        abstract String variant();

        /** The timed part: drains the socket until it is empty. */
        final long drain() {
            drained = drain(fd);
            return drained.received();
        }

        @Setup(Level.Trial)
        public void build() {
            opener = CRecvmsgLoop.build();
        }

        @Setup(Level.Invocation)
        public void fill() {
            fd = opener.open(RECEIVE_BUFFER_BYTES);
            burst = KernelBurst.write(BURST_EVENTS);
            drained = null;
        }

        @TearDown(Level.Invocation)
        public void check() {
            try {
                burst.verify(variant(), drained);
            } finally {
                opener.close(fd);
            }
            tally.add(burst, drained);
        }

        @TearDown(Level.Trial)
        public void report() {
            tally.print(variant());
        }
    }

    @State(Scope.Thread)
    public static class CLoop extends RecvmsgLoopState {
        @Override
        DrainCount drain(int socket) {
            return opener.drain(socket);
        }

        @Override
        String variant() {
            return "cRecvmsgLoop";
        }
    }

    @State(Scope.Thread)
    public static class JnrLoop extends RecvmsgLoopState {
        final JnrRecvmsgLoop loop = new JnrRecvmsgLoop();

        @Override
        DrainCount drain(int socket) {
            return loop.drain(socket);
        }

        @Override
        String variant() {
            return "jnrRecvmsgLoop";
        }
    }

    @State(Scope.Thread)
    public static class Listener {
        UeventListener listener;
        BurstSink sink;
        KernelBurst burst;
        final BurstTally tally = new BurstTally();

        @Setup(Level.Invocation)
        public void fill() throws NativeCallException {
            sink = new BurstSink();
            listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL)
                    .withReceiveBufferBytes(RECEIVE_BUFFER_BYTES), sink);
            burst = KernelBurst.write(BURST_EVENTS);
        }

        @TearDown(Level.Invocation)
        public void check() {
            ListenerStats stats = listener.stats();
            DrainCount drained = new DrainCount(stats.received(), stats.overflows());
            try {
                burst.verify("listener", drained);
            } finally {
                listener.close();
            }
            sink.verify(burst);
            tally.add(burst, drained);
        }

        @TearDown(Level.Trial)
        public void report() {
            tally.print("listenerDrainAndParse");
        }
    }
}
