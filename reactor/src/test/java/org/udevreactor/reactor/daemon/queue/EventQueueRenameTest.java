package org.udevreactor.reactor.daemon.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;

/**
 * udevd's rename rules: a "move" waits for what is queued under its DEVPATH_OLD (and its
 * relatives), and an event for the old devpath (or a relative) that arrives after the move waits
 * for the move. The interfaces have no IFINDEX here, so only the devpaths relate them.
 */
class EventQueueRenameTest {
    private static final String OLD = "/devices/virtual/net/veth0";
    private static final String NEW = "/devices/virtual/net/lan0";
    private static final String NIC = "/devices/pci0000:00/0000:00:03.0";
    private static final String NIC_OLD = NIC + "/net/eth0";
    private static final String NIC_NEW = NIC + "/net/enp0s3";

    private final KernelEvents k = new KernelEvents();

    private DeviceEvent move(String from, String to) {
        return k.event(UeventAction.MOVE, to, "net", "DEVPATH_OLD", from, "INTERFACE", to.substring(to.lastIndexOf('/') + 1));
    }

    @Test
    void submit_moveWhileAnEventForTheOldDevpathRuns_waitsForIt() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.ADD, OLD, "net"));
        q.submit(move(OLD, NEW));
        assertThat(k.startedEvents()).containsExactly("add " + OLD);

        q.finished(k.startedFor(UeventAction.ADD, OLD));
        assertThat(k.startedEvents()).containsExactly("add " + OLD, "move " + NEW);
    }

    @Test
    void submit_moveWhileAnEventBelowTheOldDevpathRuns_waitsForIt() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.ADD, OLD + "/queues/rx-0", "queues"));
        q.submit(move(OLD, NEW));
        assertThat(k.startedEvents()).containsExactly("add " + OLD + "/queues/rx-0");
        q.finished(k.started.get(0));
        assertThat(k.startedEvents()).endsWith("move " + NEW);
    }

    @Test
    void submit_moveWhileAnEventAboveTheOldDevpathRuns_waitsForIt() {
        // The NIC's own event relates to the old and the new name alike: the new one is below it too.
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.CHANGE, NIC, "pci"));
        q.submit(k.event(UeventAction.MOVE, "/devices/virtual/net/lan1", "net", "DEVPATH_OLD", NIC_OLD));
        assertThat(k.startedEvents()).containsExactly("change " + NIC);
        q.finished(k.started.get(0));
        assertThat(k.startedEvents()).endsWith("move /devices/virtual/net/lan1");
    }

    @Test
    void submit_newDeviceTakingTheOldNameWhileTheMoveRuns_waitsForTheMove() {
        // Without this, the new veth0's "add" could be recorded and then the move's removal of
        // the old devpath would remove it.
        EventQueue q = k.queue(8);
        q.submit(move(OLD, NEW));
        q.submit(k.event(UeventAction.ADD, OLD, "net"));
        assertThat(k.startedEvents()).containsExactly("move " + NEW);

        q.finished(k.startedFor(UeventAction.MOVE, NEW));
        assertThat(k.startedEvents()).containsExactly("move " + NEW, "add " + OLD);
    }

    @Test
    void submit_eventBelowTheOldNameWhileTheMoveRuns_waitsForTheMove() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.MOVE, NIC_NEW, "net", "DEVPATH_OLD", NIC_OLD));
        q.submit(k.event(UeventAction.ADD, NIC_OLD + "/sub", "misc"));
        assertThat(k.startedEvents()).containsExactly("move " + NIC_NEW);
        q.finished(k.started.get(0));
        assertThat(k.startedEvents()).endsWith("add " + NIC_OLD + "/sub");
    }

    @Test
    void submit_scannedEventForTheOldDevpathAfterTheMove_waitsForTheMove() {
        // A resync that found the old name gone makes up its "remove": it must not overtake the move.
        EventQueue q = k.queue(8);
        q.submit(move(OLD, NEW));
        q.submit(DeviceEvent.scanned(DeviceEvent.Source.RESYNC, UeventAction.REMOVE, OLD, "net"));
        assertThat(k.startedEvents()).containsExactly("move " + NEW);
        q.finished(k.started.get(0));
        assertThat(k.startedEvents()).endsWith("remove " + OLD);
    }

    @Test
    void submit_unrelatedDevicesBesideARename_runInParallel() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.CHANGE, OLD, "net"));
        q.submit(move(OLD, NEW));
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/net/veth01", "net"));
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/net/lan01", "net"));
        q.submit(k.event(UeventAction.ADD, NIC, "pci"));
        assertThat(k.startedEvents()).containsExactly("change " + OLD, "add /devices/virtual/net/veth01",
                "add /devices/virtual/net/lan01", "add " + NIC);
    }

    @Test
    void finished_renameAndRenameBack_everyStepInSeqnumOrder() {
        // veth0 -> lan0 -> veth0 -> lan0: each move relates to the one before by an old or new devpath.
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.ADD, OLD, "net"));
        q.submit(move(OLD, NEW));
        q.submit(move(NEW, OLD));
        q.submit(move(OLD, NEW));
        q.submit(k.event(UeventAction.REMOVE, NEW, "net"));
        for (int i = 0; i < 5; i++) {
            assertThat(k.started).as("one at a time").hasSize(i + 1);
            assertThat(k.started.get(i).order()).isEqualTo(i + 1);
            q.finished(k.started.get(i));
        }
        assertThat(q.size()).isZero();
    }

    @Test
    void finished_theMoveIsForgotten_laterEventsForTheOldDevpathDoNotWait() {
        EventQueue q = k.queue(8);
        q.submit(move(OLD, NEW));
        q.finished(k.started.get(0));
        q.submit(k.event(UeventAction.ADD, OLD, "net"));
        q.submit(k.event(UeventAction.ADD, NEW + "/x", "misc"));
        assertThat(k.startedEvents()).containsExactly("move " + NEW, "add " + OLD, "add " + NEW + "/x");
    }
}
