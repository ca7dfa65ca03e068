package org.udevreactor.reactor.daemon.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;

class EventQueueTest {
    private static final String BRIDGE = "/devices/pci0000:00/0000:00:1c.0";
    private static final String NIC = BRIDGE + "/0000:01:00.0";
    private static final String NET = NIC + "/net/eth0";
    private static final String OTHER = "/devices/pci0000:00/0000:00:02.0";
    /** Shares NIC's name as a prefix but is not below it: must not count as a descendant. */
    private static final String SIBLING_WITH_PREFIX = BRIDGE + "/0000:01:00.01";

    private final List<QueuedEvent> started = new ArrayList<>();

    private EventQueue queue(int workers) {
        return new EventQueue(workers, started::add);
    }

    private static DeviceEvent event(UeventAction action, String devpath) {
        return DeviceEvent.scanned(DeviceEvent.Source.KERNEL, action, devpath, "pci");
    }

    private List<String> startedPaths() {
        return started.stream().map(q -> q.event().action() + " " + q.event().devpath()).toList();
    }

    @Test
    void submit_unrelatedDevices_runInParallelUpToTheWorkerLimit() {
        EventQueue q = queue(2);
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.ADD, OTHER));
        q.submit(event(UeventAction.ADD, "/devices/virtual/net/lo"));
        assertThat(startedPaths()).containsExactly("add " + NIC, "add " + OTHER);
        assertThat(q.running()).isEqualTo(2);

        q.finished(started.get(1));
        assertThat(startedPaths()).containsExactly("add " + NIC, "add " + OTHER, "add /devices/virtual/net/lo");
    }

    @Test
    void submit_sameDevice_waitsForTheEarlierEventAndKeepsSeqnumOrder() {
        EventQueue q = queue(8);
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.CHANGE, NIC));
        q.submit(event(UeventAction.REMOVE, NIC));
        assertThat(startedPaths()).containsExactly("add " + NIC);

        q.finished(started.get(0));
        assertThat(startedPaths()).containsExactly("add " + NIC, "change " + NIC);
        q.finished(started.get(1));
        assertThat(startedPaths()).containsExactly("add " + NIC, "change " + NIC, "remove " + NIC);
    }

    @Test
    void submit_descendantOfARunningEvent_waitsForIt() {
        EventQueue q = queue(8);
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.ADD, NET));
        assertThat(startedPaths()).containsExactly("add " + NIC);
        q.finished(started.get(0));
        assertThat(startedPaths()).containsExactly("add " + NIC, "add " + NET);
    }

    @Test
    void submit_ancestorOfARunningEvent_waitsForIt() {
        EventQueue q = queue(8);
        q.submit(event(UeventAction.REMOVE, NET));
        q.submit(event(UeventAction.REMOVE, NIC));
        q.submit(event(UeventAction.REMOVE, BRIDGE));
        assertThat(startedPaths()).containsExactly("remove " + NET);
        q.finished(started.get(0));
        assertThat(startedPaths()).containsExactly("remove " + NET, "remove " + NIC);
        q.finished(started.get(1));
        assertThat(startedPaths()).containsExactly("remove " + NET, "remove " + NIC, "remove " + BRIDGE);
    }

    @Test
    void submit_nameSharingAPrefix_isNotADescendant() {
        EventQueue q = queue(8);
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.ADD, SIBLING_WITH_PREFIX));
        assertThat(startedPaths()).containsExactly("add " + NIC, "add " + SIBLING_WITH_PREFIX);
    }

    @Test
    void submit_laterEventOfAnUnrelatedDevice_overtakesABlockedOne() {
        EventQueue q = queue(8);
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.ADD, NET));
        q.submit(event(UeventAction.ADD, OTHER));
        assertThat(startedPaths()).containsExactly("add " + NIC, "add " + OTHER);
    }

    @Test
    void finished_parentWithTwoWaitingChildren_startsBothAndLaterSiblingEventsStayInOrder() {
        EventQueue q = queue(8);
        String a = NIC + "/a";
        String b = NIC + "/b";
        q.submit(event(UeventAction.CHANGE, NIC));
        q.submit(event(UeventAction.ADD, a));
        q.submit(event(UeventAction.ADD, b));
        q.submit(event(UeventAction.CHANGE, a));
        q.finished(started.get(0));
        assertThat(startedPaths()).containsExactly("change " + NIC, "add " + a, "add " + b);
        q.finished(started.get(1));
        assertThat(startedPaths()).endsWith("change " + a);
    }

    @Test
    void submit_childThenParentThenChild_parentWaitsForFirstChildAndSecondChildForParent() {
        EventQueue q = queue(8);
        q.submit(event(UeventAction.ADD, NET));
        q.submit(event(UeventAction.CHANGE, NIC));
        q.submit(event(UeventAction.CHANGE, NET));
        assertThat(startedPaths()).containsExactly("add " + NET);
        q.finished(started.get(0));
        // The second NET event is blocked by the NIC event queued before it, not only by the first.
        assertThat(startedPaths()).containsExactly("add " + NET, "change " + NIC);
        q.finished(started.get(1));
        assertThat(startedPaths()).containsExactly("add " + NET, "change " + NIC, "change " + NET);
    }

    @Test
    void submit_workerLimit_startsReadyEventsInArrivalOrder() {
        EventQueue q = queue(1);
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.ADD, "/devices/x3"));
        q.submit(event(UeventAction.ADD, "/devices/x1"));
        q.submit(event(UeventAction.ADD, "/devices/x2"));
        for (int i = 0; i < 3; i++) {
            q.finished(started.get(i));
        }
        assertThat(startedPaths()).containsExactly("add " + NIC, "add /devices/x3", "add /devices/x1", "add /devices/x2");
    }

    @Test
    void afterCurrent_runsWhenEverythingSubmittedBeforeHasFinished_notWaitingForLaterEvents() {
        EventQueue q = queue(8);
        List<String> log = new ArrayList<>();
        q.submit(event(UeventAction.ADD, NIC));
        q.submit(event(UeventAction.ADD, OTHER));
        q.afterCurrent(() -> log.add("coldplug done"));
        q.submit(event(UeventAction.ADD, "/devices/later"));
        q.finished(started.get(0));
        assertThat(log).isEmpty();
        q.finished(started.get(1));
        assertThat(log).containsExactly("coldplug done");
        assertThat(q.size()).isEqualTo(1);
    }

    @Test
    void afterCurrent_anActionThatQueuesMoreAndWaitsForIt_waitsUntilThoseFinish() {
        // A resync does this: its barrier's action may queue the next rescan's events and wait for them.
        EventQueue q = queue(8);
        List<String> log = new ArrayList<>();
        q.afterCurrent(() -> {
            q.submit(event(UeventAction.REMOVE, NIC));
            q.afterCurrent(() -> log.add("second done"));
        });
        assertThat(log).isEmpty();
        assertThat(q.size()).isEqualTo(1);

        q.finished(started.get(0));
        assertThat(log).containsExactly("second done");
    }

    @Test
    void afterCurrent_emptyQueue_runsAtOnce() {
        List<String> log = new ArrayList<>();
        queue(1).afterCurrent(() -> log.add("done"));
        assertThat(log).containsExactly("done");
    }

    @Test
    void finished_burstOnOneDevice_eachStartsOnceInOrder() {
        EventQueue q = queue(4);
        for (int i = 0; i < 10_000; i++) {
            q.submit(event(UeventAction.CHANGE, NIC));
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(started).hasSize(i + 1);
            assertThat(started.get(i).order()).isEqualTo(i + 1);
            q.finished(started.get(i));
        }
        assertThat(q.size()).isZero();
        // Each event checked when submitted and once more when the one before it finished; not
        // once per finished event before it (n²/2, 50 million here).
        assertThat(q.checks()).isLessThanOrEqualTo(2 * 10_000);
    }

    @Test
    void finished_burstsOnAParentAndItsChild_keepOrderAndCostAFewChecksPerEvent() {
        EventQueue q = queue(8);
        for (int i = 0; i < 1_000; i++) {
            q.submit(event(UeventAction.CHANGE, NIC));
            q.submit(event(UeventAction.CHANGE, NET));
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(started).as("one at a time: each waits for the one before").hasSize(i + 1);
            assertThat(started.get(i).order()).isEqualTo(i + 1);
            q.finished(started.get(i));
        }
        assertThat(q.size()).isZero();
        assertThat(q.checks()).isLessThanOrEqualTo(3 * 2_000);
    }

    @Test
    void finished_twice_isRejected() {
        EventQueue q = queue(1);
        q.submit(event(UeventAction.ADD, NIC));
        q.finished(started.get(0));
        assertThatThrownBy(() -> q.finished(started.get(0))).hasMessageStartingWith("not queued");
    }
}
