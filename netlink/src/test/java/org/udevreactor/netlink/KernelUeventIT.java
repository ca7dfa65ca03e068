package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.udevreactor.netlink.RealKernel.NULL_DEVPATH;
import static org.udevreactor.netlink.RealKernel.NULL_UEVENT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener against this host's real kernel: events made by writing sysfs uevent files,
 * attaching a loop device and adding partitions to it, and creating network links. Every event
 * must arrive exactly, with no SEQNUM gap.
 */
class KernelUeventIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingSink sink = new RecordingSink();
    private UeventListener listener;

    @BeforeEach
    void startListener() throws Exception {
        RealKernel.requireRootAndNetlink();
        listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL), sink);
        listener.start();
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.close();
        }
    }

    private void assertNothingLostOrBroken() {
        assertThat(sink.losses).as("loss reports").isEmpty();
        assertThat(sink.failures).as("receive failures").isEmpty();
        assertThat(RealKernel.gaps(sink.seqnums())).as("SEQNUM gaps in %s", sink.seqnums()).isEmpty();
        assertThat(listener.stats().rejectedTotal()).as("rejected datagrams").isZero();
    }

    @Test
    void writeUevent_changeThenAdd_deliversBothInOrder() throws Exception {
        RealKernel.trigger(NULL_UEVENT, "change");
        RealKernel.trigger(NULL_UEVENT, "add");

        Uevent change = sink.await(e -> e.devpath().equals(NULL_DEVPATH) && e.action() == UeventAction.CHANGE, WAIT,
                "change of /dev/null");
        Uevent add = sink.await(e -> e.devpath().equals(NULL_DEVPATH) && e.action() == UeventAction.ADD, WAIT,
                "add of /dev/null");
        assertThat(change.subsystem()).isEqualTo("mem");
        assertThat(change.origin()).isEqualTo(UeventOrigin.KERNEL);
        assertThat(change.properties()).containsEntry("DEVNAME", "null").containsEntry("MAJOR", "1")
                .containsEntry("MINOR", "3");
        // A uevent written to sysfs is "synthetic": the kernel marks it SYNTH_UUID=0 when no UUID is given.
        assertThat(List.copyOf(change.properties().keySet()).subList(0, 5))
                .containsExactly("ACTION", "DEVPATH", "SUBSYSTEM", "SYNTH_UUID", "MAJOR");
        assertThat(change.properties()).containsEntry("SYNTH_UUID", "0");
        // Other events may come between the two on a busy host; continuity is checked over all received events.
        assertThat(add.seqnum()).isGreaterThan(change.seqnum());
        assertNothingLostOrBroken();
    }

    @Test
    void writeUevent_syntheticWithUuidAndArguments_carriesThem() throws Exception {
        String uuid = UUID.randomUUID().toString();
        RealKernel.trigger(NULL_UEVENT, "change " + uuid + " FOO=bar LEVEL=3");

        Uevent synthetic = sink.await(e -> uuid.equals(e.properties().get("SYNTH_UUID")), WAIT, "synthetic change");
        assertThat(synthetic.action()).isEqualTo(UeventAction.CHANGE);
        assertThat(synthetic.properties()).containsEntry("SYNTH_ARG_FOO", "bar")
                .containsEntry("SYNTH_ARG_LEVEL", "3");
        assertNothingLostOrBroken();
    }

    @Test
    void loopDevice_attachAndPartitions_deliverDiskAndPartitionEvents(@TempDir Path dir) throws Exception {
        RealKernel.require(RealKernel.commandExists("losetup") && RealKernel.commandExists("partx"),
                "losetup and partx (util-linux, mount) are needed");
        Path image = dir.resolve("disk.img");
        RealKernel.writeDiskImageWithOnePartition(image);
        String device = RealKernel.run("losetup", "-f", "--show", image.toString());
        String name = Path.of(device).getFileName().toString();
        String diskPath = "/devices/virtual/block/" + name;
        String partitionPath = diskPath + "/" + name + "p1";
        try {
            Uevent disk = sink.await(e -> e.devpath().equals(diskPath), WAIT, "event of " + diskPath);
            assertThat(disk.subsystem()).isEqualTo("block");
            assertThat(disk.devtype()).contains("disk");
            assertThat(disk.action()).isIn(UeventAction.ADD, UeventAction.CHANGE);

            RealKernel.run("partx", "-a", device);
            Uevent added = sink.await(e -> e.devpath().equals(partitionPath) && e.action() == UeventAction.ADD, WAIT,
                    "add of " + partitionPath);
            assertThat(added.subsystem()).isEqualTo("block");
            assertThat(added.devtype()).contains("partition");
            assertThat(added.properties()).containsEntry("PARTN", "1").containsEntry("DEVNAME", name + "p1");

            RealKernel.run("partx", "-d", device);
            Uevent removed = sink.await(e -> e.devpath().equals(partitionPath) && e.action() == UeventAction.REMOVE,
                    WAIT, "remove of " + partitionPath);
            assertThat(removed.seqnum()).isGreaterThan(added.seqnum());
        } finally {
            RealKernel.runQuietly("partx", "-d", device);
            RealKernel.runQuietly("losetup", "-d", device);
        }
        assertNothingLostOrBroken();
    }

    @Test
    void networkLinks_bridgeAndVethAddedAndDeleted_deliverNetEvents() throws Exception {
        RealKernel.require(RealKernel.commandExists("ip"), "ip (iproute2) is needed");
        String bridge = "rtbr" + ProcessHandle.current().pid() % 10000;
        String veth = "rtve" + ProcessHandle.current().pid() % 10000;
        try {
            RealKernel.run("ip", "link", "add", bridge, "type", "bridge");
            RealKernel.run("ip", "link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b");
            Uevent added = sink.await(e -> e.devpath().equals("/devices/virtual/net/" + bridge)
                    && e.action() == UeventAction.ADD, WAIT, "add of bridge " + bridge);
            assertThat(added.subsystem()).isEqualTo("net");
            assertThat(added.properties()).containsEntry("INTERFACE", bridge).containsKey("IFINDEX");
            assertThat(added.devtype()).contains("bridge");
            sink.await(e -> e.devpath().equals("/devices/virtual/net/" + veth + "a") && e.action() == UeventAction.ADD,
                    WAIT, "add of veth " + veth + "a");
            sink.await(e -> e.devpath().equals("/devices/virtual/net/" + veth + "b") && e.action() == UeventAction.ADD,
                    WAIT, "add of veth " + veth + "b");

            RealKernel.run("ip", "link", "del", bridge);
            RealKernel.run("ip", "link", "del", veth + "a");
            sink.await(e -> e.devpath().equals("/devices/virtual/net/" + bridge) && e.action() == UeventAction.REMOVE,
                    WAIT, "remove of bridge " + bridge);
            sink.await(e -> e.devpath().equals("/devices/virtual/net/" + veth + "b")
                    && e.action() == UeventAction.REMOVE, WAIT, "remove of veth peer " + veth + "b");
        } finally {
            RealKernel.runQuietly("ip", "link", "del", bridge);
            RealKernel.runQuietly("ip", "link", "del", veth + "a");
        }
        assertNothingLostOrBroken();
    }

    @Test
    void burst_hundredThousandChanges_noneLostWithDefaultBuffer() throws Exception {
        listener.close(); // this test counts instead of keeping every event
        int burst = 100_000;
        String uuid = UUID.randomUUID().toString();
        CountingSink counter = new CountingSink(uuid);
        try (UeventListener counting = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL), counter)) {
            counting.start();
            RealKernel.burst(NULL_UEVENT, burst);
            RealKernel.trigger(NULL_UEVENT, "change " + uuid);
            assertThat(counter.awaitMarker(Duration.ofSeconds(60))).as("end-of-burst marker arrived").isTrue();

            assertThat(counter.nullChanges).isEqualTo(burst);
            assertThat(counter.gaps).as("SEQNUM gaps").isZero();
            assertThat(counter.losses).as("loss reports").isZero();
            assertThat(counting.stats().overflows()).isZero();
            assertThat(counting.stats().rejectedTotal()).isZero();
        }
    }

    /** Counts the burst's events and checks SEQNUM continuity without keeping them (100k events would fill the heap). */
    private static final class CountingSink implements UeventSink {
        private final java.util.concurrent.CountDownLatch marker = new java.util.concurrent.CountDownLatch(1);
        private final String markerUuid;
        volatile long nullChanges;
        volatile long gaps;
        volatile long losses;
        private long lastSeqnum = -1;

        CountingSink(String markerUuid) {
            this.markerUuid = markerUuid;
        }

        @Override
        public void onEvents(List<Uevent> batch) {
            for (Uevent event : batch) {
                if (lastSeqnum >= 0 && event.seqnum() != lastSeqnum + 1) {
                    gaps++;
                }
                lastSeqnum = event.seqnum();
                String synthUuid = event.properties().get("SYNTH_UUID");
                if (event.devpath().equals(NULL_DEVPATH) && "0".equals(synthUuid)) {
                    nullChanges++;
                } else if (markerUuid.equals(synthUuid)) {
                    marker.countDown();
                }
            }
        }

        @Override
        public void onLoss(EventLoss loss) {
            losses++;
        }

        boolean awaitMarker(Duration timeout) throws InterruptedException {
            return marker.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** A 4 MiB image with an MS-DOS partition table holding one Linux partition from sector 2048 to the end. */
}
