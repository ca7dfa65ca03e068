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
        int fd = loop.open(RECEIVE_BUFFER_BYTES);
        try {
            KernelBurst burst = KernelBurst.write(EVENTS);
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
        int fd = opener.open(RECEIVE_BUFFER_BYTES);
        try {
            KernelBurst burst = KernelBurst.write(EVENTS);
            DrainCount drained = loop.drain(fd);

            burst.verify("jnr recvmsg loop", drained);
            assertThat(drained.received()).isGreaterThanOrEqualTo(EVENTS);
            assertThat(loop.drain(fd)).isEqualTo(new DrainCount(0, 0));
        } finally {
            opener.close(fd);
        }
    }

    @Test
    void verify_fewerThanTheBurst_fails() {
        KernelBurst burst = new KernelBurst(100);

        assertThatThrownBy(() -> burst.verify("loop", new DrainCount(99, 0)))
                .hasMessageContaining("loop: received 99 datagrams for a burst of 100 events");
    }

    @Test
    void verify_anOverflow_fails() {
        KernelBurst burst = new KernelBurst(100);

        assertThatThrownBy(() -> burst.verify("loop", new DrainCount(100, 1))).hasMessageContaining("ENOBUFS");
    }

    @Test
    void verify_otherProcessesEventsToo_passesAndCountsThem() {
        KernelBurst burst = new KernelBurst(100);
        DrainCount drained = new DrainCount(103, 0);

        burst.verify("loop", drained);
        assertThat(burst.foreignEvents(drained)).isEqualTo(3);
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
