package org.udevreactor.reactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void record_onABound_countsInThatBucket_cumulativeAbove() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(500_000);          // 0.5 ms: the first bucket (le 0.5)
        h.record(500_001);          // just above: le 1
        h.record(40_000_000_000L);  // 40 s: only +Inf

        long[] c = h.cumulative();
        assertThat(LatencyHistogram.boundsMillis()[0]).isEqualTo(0.5);
        assertThat(c[0]).isEqualTo(1);
        assertThat(c[1]).isEqualTo(2);
        assertThat(c[c.length - 2]).isEqualTo(2);
        assertThat(c[c.length - 1]).isEqualTo(3);
        assertThat(h.count()).isEqualTo(3);
        assertThat(h.sumMillis()).isEqualTo(40_001.000001);
    }

    @Test
    void record_negative_countsAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        assertThat(h.cumulative()[0]).isEqualTo(1);
        assertThat(h.sumMillis()).isZero();
    }
}
