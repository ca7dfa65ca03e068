package org.udevreactor.bench.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's reference loops compile, open their socket and count a small real burst exactly.
 * Nothing here is timed.
 */
class RecvmsgLoopsTest {
    private static final int EVENTS = 1000;
    private static final int RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

    @Test
    void cDrain_afterBurst_countsEveryEvent() {
        requireRootAndGcc();
        CRecvmsgLoop loop = CRecvmsgLoop.build();
        long seqnumAtOpen = KernelBurst.currentSeqnum();
        int fd = loop.open(RECEIVE_BUFFER_BYTES);
        try {
            KernelBurst burst = KernelBurst.write(EVENTS, seqnumAtOpen);
            DrainCount drained = loop.drain(fd);

            burst.verify("C recvmsg loop", drained);
            assertThat(drained.received()).isGreaterThanOrEqualTo(EVENTS);
            assertThat(loop.drain(fd)).as("drained again: the queue is empty").isEqualTo(new DrainCount(0, 0));
        } finally {
            loop.close(fd);
        }
    }

    @Test
    void jnrDrain_afterBurst_countsEveryEvent() {
        requireRootAndGcc();
        CRecvmsgLoop opener = CRecvmsgLoop.build();
        JnrRecvmsgLoop loop = new JnrRecvmsgLoop();
        long seqnumAtOpen = KernelBurst.currentSeqnum();
        int fd = opener.open(RECEIVE_BUFFER_BYTES);
        try {
            KernelBurst burst = KernelBurst.write(EVENTS, seqnumAtOpen);
            DrainCount drained = loop.drain(fd);

            burst.verify("jnr recvmsg loop", drained);
            assertThat(drained.received()).isGreaterThanOrEqualTo(EVENTS);
            assertThat(loop.drain(fd)).isEqualTo(new DrainCount(0, 0));
        } finally {
            opener.close(fd);
        }
    }

    @Test
    void verify_fewerThanTheBurstWindow_fails() {
        KernelBurst burst = new KernelBurst(100, 990, 1000, 1100);

        assertThatThrownBy(() -> burst.verify("loop", new DrainCount(99, 0), 1100))
                .hasMessageContaining("received 99 datagrams, but the kernel sent 100 uevents during the burst")
                .hasMessageContaining("SEQNUM 1001..1100")
                .hasMessageContaining("events were lost");
    }

    @Test
    void verify_moreThanSentSinceOpen_fails() {
        KernelBurst burst = new KernelBurst(100, 990, 1000, 1100);

        assertThatThrownBy(() -> burst.verify("loop", new DrainCount(111, 0), 1100))
                .hasMessageContaining("and 110 since the socket was opened");
    }

    @Test
    void verify_anOverflow_fails() {
        KernelBurst burst = new KernelBurst(100, 1000, 1000, 1100);

        assertThatThrownBy(() -> burst.verify("loop", new DrainCount(100, 1), 1100)).hasMessageContaining("ENOBUFS");
    }

    @Test
    void verify_otherProcessesEventsAroundTheBurst_passesAndCountsThem() {
        KernelBurst burst = new KernelBurst(100, 990, 1000, 1103);
        DrainCount drained = new DrainCount(110, 0); // 2 before the burst, 3 during it, 5 after it

        burst.verify("loop", drained, 1105);
        assertThat(burst.foreignEvents(drained)).isEqualTo(10);
    }

    /** Skips with a printed reason, except under CI=true, where the test must run. */
    private static void requireRootAndGcc() {
        String missing = !isRoot() ? "needs root to write " + KernelBurst.UEVENT_FILE + " and for SO_RCVBUFFORCE"
                : !Files.isExecutable(Path.of("/usr/bin/gcc")) ? "needs gcc to build the C loop"
                : !Files.isWritable(KernelBurst.UEVENT_FILE) ? KernelBurst.UEVENT_FILE + " is not writable"
                : null;
        if (missing == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("real-kernel test cannot run under CI=true: " + missing);
        }
        System.out.println("SKIPPED (real kernel): " + missing);
        Assumptions.abort(missing);
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
