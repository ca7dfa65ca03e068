package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.udevreactor.netlink.RealKernel.NULL_DEVPATH;
import static org.udevreactor.netlink.RealKernel.NULL_UEVENT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener under attack and under pressure, on the real kernel: forged senders, overflow, stopping. */
class ListenerDefenceIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeEach
    void requireKernel() {
        RealKernel.requireRootAndNetlink();
    }

    @Test
    void forgedEventOnKernelGroup_fromUserspaceSocket_isDroppedAndCounted() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (UeventListener listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL), sink)) {
            listener.start();
            String forgedPath = "/devices/forged/" + UUID.randomUUID();
            byte[] forged = ("add@" + forgedPath + "\0ACTION=add\0DEVPATH=" + forgedPath
                    + "\0SUBSYSTEM=pci\0MODALIAS=pci:v00001234d00005678sv*sd*bc*sc*i*\0SEQNUM=1\0")
                    .getBytes(StandardCharsets.US_ASCII);
            sendFromUserspace(NetlinkGroup.KERNEL, forged);
            // A real event sent after the forgery: once it is here, the forgery has been seen too.
            String uuid = UUID.randomUUID().toString();
            RealKernel.trigger(NULL_UEVENT, "change " + uuid);
            sink.await(e -> uuid.equals(e.properties().get("SYNTH_UUID")), WAIT, "marker event");

            assertThat(sink.matching(e -> e.devpath().equals(forgedPath))).as("forged events delivered").isEmpty();
            assertThat(listener.stats().rejected(RejectReason.UNTRUSTED_SENDER)).isEqualTo(1);
        }
    }

    @Test
    void udevGroup_messageFromRootDaemonInLibudevFormat_isDeliveredAsUdev() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (UeventListener listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.UDEV), sink)) {
            listener.start();
            // What udevd sends after processing an event: the libudev header and the properties.
            String devpath = "/devices/virtual/mem/" + UUID.randomUUID();
            byte[] message = UeventParserTest.udev(40, 40, "ACTION=add", "DEVPATH=" + devpath, "SUBSYSTEM=mem",
                    "SEQNUM=77", "USEC_INITIALIZED=123456", "TAGS=:systemd:");
            sendFromUserspace(NetlinkGroup.UDEV, message);

            Uevent event = sink.await(e -> e.devpath().equals(devpath), WAIT, "udev re-broadcast");
            assertThat(event.origin()).isEqualTo(UeventOrigin.UDEV);
            assertThat(event.seqnum()).isEqualTo(77);
            assertThat(event.properties()).containsEntry("TAGS", ":systemd:");
            assertThat(listener.stats().rejectedTotal()).isZero();
        }
    }

    @Test
    void burst_intoTinyReceiveBuffer_reportsLossAndKeepsDelivering() throws Exception {
        CountDownLatch firstBatchArrived = new CountDownLatch(1);
        CountDownLatch burstWritten = new CountDownLatch(1);
        RecordingSink recorder = new RecordingSink();
        UeventSink blockingAtFirstBatch = new UeventSink() {
            @Override
            public void onEvents(List<Uevent> batch) {
                recorder.onEvents(batch);
                firstBatchArrived.countDown();
                try {
                    // Hold the receiver so the socket's tiny buffer overflows during the burst.
                    burstWritten.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onLoss(EventLoss loss) {
                recorder.onLoss(loss);
            }
        };
        ListenerConfig tiny = ListenerConfig.defaults(NetlinkGroup.KERNEL).withReceiveBufferBytes(4096);
        try (UeventListener listener = UeventListener.open(tiny, blockingAtFirstBatch)) {
            assertThat(listener.receiveBufferBytes()).isLessThan(64 * 1024);
            listener.start();
            RealKernel.trigger(NULL_UEVENT, "change");
            assertThat(firstBatchArrived.await(10, TimeUnit.SECONDS)).as("first event arrived").isTrue();
            RealKernel.burst(NULL_UEVENT, 3000);
            burstWritten.countDown();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (recorder.losses.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(recorder.losses).as("loss reports after the burst").isNotEmpty();

            // Sent once the queue has been drained, so there is room for it again.
            String uuid = UUID.randomUUID().toString();
            RealKernel.trigger(NULL_UEVENT, "change " + uuid);
            recorder.await(e -> uuid.equals(e.properties().get("SYNTH_UUID")), WAIT, "event after the overflow");

            assertThat(recorder.losses.get(0).cause()).isEqualTo(EventLoss.Cause.OVERFLOW);
            assertThat(recorder.losses.get(0).count()).as("events lost").isPositive();
            ListenerStats stats = listener.stats();
            assertThat(stats.overflows()).isPositive();
            long delivered = recorder.matching(e -> e.devpath().equals(NULL_DEVPATH)).size();
            // Everything the kernel sent was either delivered or counted as lost.
            assertThat(delivered + stats.lost()).isGreaterThanOrEqualTo(3000 + 2);
        }
    }

    /** Sends a datagram to a group from a socket of this (root) process, as udevd or a forger would. */
    private static void sendFromUserspace(NetlinkGroup group, byte[] message) throws NativeCallException {
        int sender = Native.socket(NativeLayout.AF_NETLINK, NativeLayout.SOCK_DGRAM | NativeLayout.SOCK_CLOEXEC,
                NativeLayout.NETLINK_KOBJECT_UEVENT);
        try {
            Native.bindNetlink(sender, 0, 0);
            assertThat(Integer.toUnsignedLong(Native.netlinkPortId(sender))).as("sender's port id").isPositive();
            Native.sendToGroup(sender, group.number(), message);
        } finally {
            Native.close(sender);
        }
    }

    @Test
    void close_whileWaitingForEvents_stopsWithinASecond() throws Exception {
        UeventListener listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL), new RecordingSink());
        listener.start();
        Thread.sleep(100); // let it block in poll
        long start = System.nanoTime();
        listener.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Thread receiver = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("uevent-listener") && t.isAlive()).findFirst().orElse(null);
        assertThat(receiver).as("receiver thread after close (took %d ms)", millis).isNull();
    }
}
