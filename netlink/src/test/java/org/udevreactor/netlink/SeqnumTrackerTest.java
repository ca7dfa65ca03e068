package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqnumTrackerTest {
    private final SeqnumTracker tracker = new SeqnumTracker();

    @Test
    void observe_firstEvent_isNoGap() {
        assertThat(tracker.observe(1000)).isZero();
        assertThat(tracker.last()).isEqualTo(1000);
    }

    @Test
    void observe_consecutive_isNoGap() {
        tracker.observe(10);
        assertThat(tracker.observe(11)).isZero();
        assertThat(tracker.observe(12)).isZero();
    }

    @Test
    void observe_jump_countsTheMissingNumbers() {
        tracker.observe(10);
        assertThat(tracker.observe(15)).isEqualTo(4);
        assertThat(tracker.last()).isEqualTo(15);
    }

    @Test
    void observe_repeatedOrOlder_isNoGapAndKeepsTheHighest() {
        tracker.observe(10);
        assertThat(tracker.observe(10)).isZero();
        assertThat(tracker.observe(7)).isZero();
        assertThat(tracker.last()).isEqualTo(10);
        assertThat(tracker.observe(11)).isZero();
    }

    @Test
    void skipTo_afterReportedLoss_nextEventIsNoGap() {
        tracker.observe(10);
        tracker.skipTo(20);
        assertThat(tracker.observe(21)).isZero();
        assertThat(tracker.observe(19)).as("a straggler from before the skip").isZero();
    }
}
