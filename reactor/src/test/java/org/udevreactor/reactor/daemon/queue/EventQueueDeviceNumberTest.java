package org.udevreactor.reactor.daemon.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;

/** udevd's rules beyond the devpath: the same device number (MAJOR:MINOR) and the same network ifindex. */
class EventQueueDeviceNumberTest {
    /** A partition whose number 259:0 the kernel hands to another disk's partition once it is gone. */
    private static final String LOOP0P1 = "/devices/virtual/block/loop0/loop0p1";
    private static final String LOOP1P1 = "/devices/virtual/block/loop1/loop1p1";
    private static final String VETH = "/devices/virtual/net/veth0";
    private static final String VETH_ELSEWHERE = "/devices/pci0000:00/0000:00:03.0/net/veth0";

    private final KernelEvents k = new KernelEvents();

    @Test
    void submit_sameDeviceNumberAtAnotherDevpath_waitsUntilTheEarlierEventFinishes() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.REMOVE, LOOP0P1, "block", "MAJOR", "259", "MINOR", "0", "DEVNAME", "loop0p1"));
        q.submit(k.event(UeventAction.ADD, LOOP1P1, "block", "MAJOR", "259", "MINOR", "0", "DEVNAME", "loop1p1"));
        assertThat(k.startedEvents()).containsExactly("remove " + LOOP0P1);

        q.finished(k.startedFor(UeventAction.REMOVE, LOOP0P1));
        assertThat(k.startedEvents()).containsExactly("remove " + LOOP0P1, "add " + LOOP1P1);
    }

    @Test
    void submit_sameDeviceNumberTheOtherWayRound_theFirstToArriveGoesFirst() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.ADD, LOOP1P1, "block", "MAJOR", "259", "MINOR", "0"));
        q.submit(k.event(UeventAction.REMOVE, LOOP0P1, "block", "MAJOR", "259", "MINOR", "0"));
        assertThat(k.startedEvents()).containsExactly("add " + LOOP1P1);
        q.finished(k.started.get(0));
        assertThat(k.startedEvents()).containsExactly("add " + LOOP1P1, "remove " + LOOP0P1);
    }

    @Test
    void submit_sameNumbersOfABlockAndACharacterDevice_runInParallel() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.CHANGE, "/devices/virtual/block/loop7", "block", "MAJOR", "7", "MINOR", "7"));
        q.submit(k.event(UeventAction.CHANGE, "/devices/virtual/vc/vcs7", "vc", "MAJOR", "7", "MINOR", "7"));
        assertThat(k.started).hasSize(2);
    }

    @Test
    void submit_differentMinorsOrMajorZero_runInParallel() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.ADD, LOOP0P1, "block", "MAJOR", "259", "MINOR", "0"));
        q.submit(k.event(UeventAction.ADD, LOOP1P1, "block", "MAJOR", "259", "MINOR", "1"));
        // Major 0 is the kernel's "unnamed" devices': udevd does not order by it, nor does the queue.
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/a", "misc", "MAJOR", "0", "MINOR", "5"));
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/b", "misc", "MAJOR", "0", "MINOR", "5"));
        assertThat(k.started).hasSize(4);
    }

    @Test
    void submit_malformedNumbers_areOrderedByTheirDevpathAlone() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/a", "misc", "MAJOR", "x", "MINOR", "5"));
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/b", "misc", "MAJOR", "x", "MINOR", "5"));
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/c", "misc", "MAJOR", "10", "MINOR", "-5"));
        q.submit(k.event(UeventAction.ADD, "/devices/virtual/d", "misc", "MAJOR", "10", "MINOR", "-5"));
        assertThat(k.started).hasSize(4);
    }

    @Test
    void submit_eventsMadeUpFromAScan_haveNoDeviceNumberAndAreOrderedByDevpath() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.REMOVE, LOOP0P1, "block", "MAJOR", "259", "MINOR", "0"));
        q.submit(DeviceEvent.scanned(DeviceEvent.Source.COLDPLUG, UeventAction.ADD, LOOP1P1, "block"));
        q.submit(DeviceEvent.scanned(DeviceEvent.Source.RESYNC, UeventAction.REMOVE, LOOP0P1, "block"));
        assertThat(k.startedEvents()).containsExactly("remove " + LOOP0P1, "add " + LOOP1P1);
    }

    @Test
    void submit_sameIfindexAtAnotherDevpath_waitsUntilTheEarlierEventFinishes() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.CHANGE, VETH, "net", "INTERFACE", "veth0", "IFINDEX", "7"));
        q.submit(k.event(UeventAction.CHANGE, VETH_ELSEWHERE, "net", "INTERFACE", "veth0", "IFINDEX", "7"));
        q.submit(k.event(UeventAction.CHANGE, "/devices/virtual/net/veth1", "net", "INTERFACE", "veth1", "IFINDEX", "8"));
        assertThat(k.startedEvents()).containsExactly("change " + VETH, "change /devices/virtual/net/veth1");

        q.finished(k.startedFor(UeventAction.CHANGE, VETH));
        assertThat(k.startedEvents()).endsWith("change " + VETH_ELSEWHERE);
    }

    @Test
    void submit_ifindexZero_isNoInterface() {
        EventQueue q = k.queue(8);
        q.submit(k.event(UeventAction.CHANGE, VETH, "net", "IFINDEX", "0"));
        q.submit(k.event(UeventAction.CHANGE, VETH_ELSEWHERE, "net", "IFINDEX", "0"));
        assertThat(k.started).hasSize(2);
    }

    @Test
    void finished_chainOfOneNumberAcrossDevpaths_startsOneAtATimeInSeqnumOrder() {
        EventQueue q = k.queue(8);
        for (int i = 0; i < 4; i++) {
            q.submit(k.event(UeventAction.CHANGE, "/devices/virtual/block/loop" + i + "/loop" + i + "p1", "block", "MAJOR", "259", "MINOR", "3"));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(k.started).hasSize(i + 1);
            assertThat(k.started.get(i).event().devpath()).endsWith("loop" + i + "p1");
            q.finished(k.started.get(i));
        }
        assertThat(q.size()).isZero();
    }

    @Test
    void finished_burstOnOneNumberAtTwoDevpaths_keepsOrderAndCostsAFewChecksPerEvent() {
        EventQueue q = k.queue(8);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            q.submit(k.event(UeventAction.CHANGE, i % 2 == 0 ? LOOP0P1 : LOOP1P1, "block", "MAJOR", "259", "MINOR", "0"));
        }
        for (int i = 0; i < n; i++) {
            assertThat(k.started).as("one at a time: each waits for the one before").hasSize(i + 1);
            assertThat(k.started.get(i).order()).isEqualTo(i + 1);
            q.finished(k.started.get(i));
        }
        assertThat(q.size()).isZero();
        // Checked when submitted, when the previous event of its own devpath finished, and when
        // the previous one of its number did: not once per finished event before it.
        assertThat(q.checks()).isLessThanOrEqualTo(3L * n);
    }
}
