package org.udevreactor.bench.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.udevreactor.bench.SharedData;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.ListenerStats;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.reactor.daemon.ListenerBridge;

/**
 * Events per second through the daemon's whole pipeline on a real kernel burst of
 * {@value #BURST_EVENTS} "change" uevents over the host's ~90 tty, vc, mem and misc devices
 * ({@link DeviceMixBurst}): received and parsed by the {@link UeventListener}, handed to the bus
 * in batches by the daemon's {@link ListenerBridge}, queued in udevd's order by the event queue,
 * each handled on a worker (the device read from /sys, decided by the policy, recorded in the
 * registry) and its result published, as {@code reactor run --dry-run} does.
 *
 * <p>Each invocation opens a fresh socket (128 MiB receive buffer, the daemon's default), lets the
 * kernel queue the burst on it (untimed), then times from the first receive until the last event
 * has been decided, recorded and its result counted. Afterwards the socket must have had no
 * overflow and every burst event must have been handled exactly once (by SEQNUM), or the
 * benchmark fails. Needs root.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PipelineBurstBenchmark.BURST_EVENTS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
// jnr-ffi calls by reflection, as the `reactor` command makes them (ReactorCommand.main).
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-DREACTOR_LOG_LEVEL=WARN", "-Djnr.ffi.asm.enabled=false"})
public class PipelineBurstBenchmark {
    static final int BURST_EVENTS = 100_000;

    @Benchmark
    public long daemonPipeline(Burst state) throws Exception {
        int delivered = state.listener.drainAvailable();
        DryRunPipeline.await(state.daemon.pipeline().settle());
        DryRunPipeline.await(state.tally.caughtUp());
        return delivered;
    }

    @State(Scope.Thread)
    public static class Burst {
        Path scratch;
        DryRunPipeline daemon;
        DeviceMixBurst burst;
        HandledTally tally;
        UeventListener listener;
        long bursts;
        long foreign;

        @Setup(Level.Trial)
        public void start() throws Exception {
            scratch = Files.createTempDirectory("pipeline-bench");
            Path moduleDir = SharedData.debianModuleDir();
            daemon = new DryRunPipeline(Path.of("/sys"), scratch, moduleDir, ModuleIndex.build(moduleDir), ColdplugBenchmark.POLICY);
            daemon.redeploy();
            burst = DeviceMixBurst.open();
            tally = new HandledTally(daemon.vertx(), burst.devpaths());
            System.out.printf("%nburst devices: %d (%s … )%n", burst.devpaths().size(), burst.devpaths().iterator().next());
        }

        @Setup(Level.Invocation)
        public void fill() throws Exception {
            listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL)
                    .withReceiveBufferBytes(ListenerConfig.DEFAULT_RECEIVE_BUFFER_BYTES),
                    new ListenerBridge(daemon.vertx().eventBus(), failure -> { throw new IllegalStateException(failure); }));
            tally.reset(DeviceMixBurst.kernelSeqnum());
            burst.write(BURST_EVENTS);
        }

        @TearDown(Level.Invocation)
        public void check() throws Exception {
            ListenerStats stats = listener.stats();
            listener.close();
            // Overflows only: a SEQNUM gap without one is another network namespace's event, not a loss here.
            if (stats.overflows() > 0) {
                throw new IllegalStateException("listener: the receive buffer overflowed " + stats.overflows()
                        + " times during a burst of " + BURST_EVENTS + ": events were lost");
            }
            tally.verify(BURST_EVENTS);
            bursts++;
            foreign += tally.others();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            System.out.printf("%ndaemonPipeline: %d bursts of %d events, each handled whole and once, no overflow; %d other"
                    + " events handled too, uncounted%n", bursts, BURST_EVENTS, foreign);
            burst.close();
            daemon.close();
            try (Stream<Path> all = Files.walk(scratch)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
