package org.udevreactor.reactor.daemon.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NetlinkGroup;
import org.udevreactor.netlink.RealKernel;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.netlink.UeventSink;
import org.udevreactor.reactor.daemon.DeviceEvent;

/**
 * udevd's rename and device-number rules on events this host's kernel really sends: a network
 * interface renamed with {@code ip link set … name} (a "move" with DEVPATH_OLD) and its old name
 * taken by a new interface; a loop partition's number (259:N) freed and given to another loop
 * disk's partition. The events are received, then queued in SEQNUM order with no worker
 * finishing until the test says so: no timing decides anything. Root only (skipped with a reason
 * otherwise, never under CI).
 */
class EventQueueHostIT {
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path temp;

    private final LinkedBlockingQueue<Uevent> arrived = new LinkedBlockingQueue<>();
    /** Losses and receive failures: the events looked for may be among what they took. */
    private final List<String> troubles = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> links = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();
    private final KernelEvents k = new KernelEvents();
    private UeventListener listener;

    @BeforeEach
    void listen() throws Exception {
        RealKernel.requireRootAndNetlink();
        listener = UeventListener.open(ListenerConfig.defaults(NetlinkGroup.KERNEL), new UeventSink() {
            @Override
            public void onEvents(List<Uevent> batch) {
                arrived.addAll(batch);
            }

            @Override
            public void onLoss(EventLoss loss) {
                troubles.add(loss.toString());
            }

            @Override
            public void onFailure(Exception failure) {
                troubles.add(failure.toString());
            }
        });
        listener.start();
    }

    @AfterEach
    void cleanUp() {
        if (listener != null) {
            listener.close();
        }
        links.forEach(link -> RealKernel.runQuietly("ip", "link", "del", link));
        for (String loop : loops) {
            RealKernel.runQuietly("partx", "-d", loop);
            RealKernel.runQuietly("losetup", "-d", loop);
        }
    }

    /** The next received event matching {@code wanted}; earlier ones that do not match are dropped. */
    private Uevent next(Predicate<Uevent> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Uevent event = arrived.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT_SECONDS + " s; losses and failures: " + troubles);
    }

    private static Predicate<Uevent> is(UeventAction action, String devpath) {
        return e -> e.action() == action && e.devpath().equals(devpath);
    }

    @Test
    void netdevRenamedAndItsOldNameTaken_theMoveWaitsForTheOldName_andTheNewDeviceForTheMove() throws Exception {
        RealKernel.require(RealKernel.commandExists("ip"), "ip (iproute2) is needed");
        String old = "rqo" + ProcessHandle.current().pid() % 100000;
        String renamed = "rqn" + ProcessHandle.current().pid() % 100000;
        String oldPath = "/devices/virtual/net/" + old;
        String renamedPath = "/devices/virtual/net/" + renamed;
        links.add(old);
        links.add(renamed);
        RealKernel.run("ip", "link", "add", old, "type", "veth", "peer", "name", old + "p");
        Uevent added = next(is(UeventAction.ADD, oldPath), "add of " + oldPath);
        RealKernel.run("ip", "link", "set", old, "name", renamed);
        Uevent move = next(is(UeventAction.MOVE, renamedPath), "move to " + renamedPath);
        RealKernel.run("ip", "link", "add", old, "type", "veth", "peer", "name", renamed + "p");
        Uevent again = next(is(UeventAction.ADD, oldPath), "add of a new " + oldPath);

        assertThat(move.properties()).containsEntry("DEVPATH_OLD", oldPath).containsEntry("INTERFACE", renamed)
                .containsEntry("IFINDEX", added.properties().get("IFINDEX"));
        assertThat(again.properties().get("IFINDEX")).as("a new interface").isNotEqualTo(added.properties().get("IFINDEX"));

        EventQueue q = k.queue(8);
        q.submit(DeviceEvent.of(added));
        q.submit(DeviceEvent.of(move));
        q.submit(DeviceEvent.of(again));
        assertThat(k.startedEvents()).containsExactly("add " + oldPath);
        q.finished(k.started.get(0));
        // The new interface has its own ifindex and devpath: only the move's DEVPATH_OLD holds it back.
        assertThat(k.startedEvents()).containsExactly("add " + oldPath, "move " + renamedPath);
        q.finished(k.started.get(1));
        assertThat(k.startedEvents()).containsExactly("add " + oldPath, "move " + renamedPath, "add " + oldPath);
    }

    @Test
    void loopPartitionNumberGivenToAnotherDisk_itsAddWaitsForTheRemoveOfTheFirst() throws Exception {
        RealKernel.require(RealKernel.commandExists("losetup") && RealKernel.commandExists("partx"),
                "losetup and partx (util-linux, mount) are needed");
        Path image = temp.resolve("disk.img");
        RealKernel.writeDiskImageWithOnePartition(image);
        String first = attach(image);
        String second = attach(image);
        String firstPartition = partitionPath(first);
        String secondPartition = partitionPath(second);

        RealKernel.run("partx", "-a", first);
        next(is(UeventAction.ADD, firstPartition), "add of " + firstPartition);
        RealKernel.run("partx", "-d", first);
        Uevent removed = next(is(UeventAction.REMOVE, firstPartition), "remove of " + firstPartition);
        // The kernel gives a partition the lowest free number of the extended range: the one just
        // freed, once the first partition is released (normally at once; a reference still held
        // delays it, then the second is added again).
        String freed = number(removed);
        Uevent added = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            RealKernel.run("partx", "-a", second);
            added = next(is(UeventAction.ADD, secondPartition), "add of " + secondPartition);
            if (number(added).equals(freed)) {
                break;
            }
            RealKernel.run("partx", "-d", second);
            next(is(UeventAction.REMOVE, secondPartition), "remove of " + secondPartition);
            Thread.sleep(200);
        }
        assertThat(number(added)).as("number of the second partition").isEqualTo(freed);

        EventQueue q = k.queue(8);
        q.submit(DeviceEvent.of(removed));
        q.submit(DeviceEvent.of(added));
        assertThat(k.startedEvents()).containsExactly("remove " + firstPartition);
        q.finished(k.started.get(0));
        assertThat(k.startedEvents()).containsExactly("remove " + firstPartition, "add " + secondPartition);
    }

    private static String number(Uevent event) {
        return event.properties().get("MAJOR") + ":" + event.properties().get("MINOR");
    }

    private String attach(Path image) throws Exception {
        String device = RealKernel.run("losetup", "-f", "--show", image.toString());
        loops.add(device);
        return device;
    }

    private static String partitionPath(String device) {
        String name = Path.of(device).getFileName().toString();
        return "/devices/virtual/block/" + name + "/" + name + "p1";
    }
}
