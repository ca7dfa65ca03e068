package org.udevreactor.testfixtures.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The benchmark reads the daemon's timing line as HandlingTimes writes it, the sysfs reads of each stage included. */
class HotplugTimingTest {
    private static final String LINE = "19:39:11.128 DEBUG device: add /devices/pci0000:00/0000:00:1c.0/0000:01:00.0 (pci) #900"
            + " [rule hotplug-nic-vfio]: timing: received at 71.870595 s (CLOCK_MONOTONIC), queued 13.0 ms, read+decide 143.9 ms,"
            + " act 204.4 ms (before writes 92.4 ms [sysfs function 1× 12.3 ms; module 1× 0.5 ms; driver 2× 5.2 ms; children 1× 46.8 ms;"
            + " group 1× 0.6 ms], driver_override 3.7 ms, unbind 43.0 ms, drivers_probe 12.8 ms, verify 31.2 ms [sysfs binding 1× 30.8 ms]),"
            + " handled 361.2 ms after receipt";

    @Test
    void parse_stagesAndTheirSysfsReads() {
        HotplugTiming t = HotplugTiming.parse(LINE);

        assertThat(t.receivedNanos()).isEqualTo(71_870_595_000L);
        assertThat(t.stage("before writes")).isEqualTo(92.4);
        assertThat(t.readMs("before writes")).isCloseTo(65.4, within(1e-9));
        assertThat(t.readsOf("verify")).isEqualTo("binding 1× 30.8 ms");
        assertThat(t.readsOf("unbind")).isEqualTo("none");
        assertThat(t.writesMs()).isCloseTo(59.5, within(1e-9));
        assertThat(t.daemonMs()).isCloseTo(301.7, within(1e-9));
    }

    @Test
    void daemonAfter_countsOnlyTheDaemonsOwnTimeAfterTheMoment() {
        HotplugTiming t = HotplugTiming.parse(LINE);
        // Received at 0: daemon until 249.3 (first write), writes until 308.8, daemon until 361.2.

        assertThat(GuestPerformanceBenchmark.daemonAfter(t, -5)).isCloseTo(t.daemonMs(), within(1e-9));
        assertThat(GuestPerformanceBenchmark.daemonAfter(t, 200)).isCloseTo(49.3 + 52.4, within(1e-9));
        assertThat(GuestPerformanceBenchmark.daemonAfter(t, 300)).isCloseTo(52.4, within(1e-9));
        assertThat(GuestPerformanceBenchmark.daemonAfter(t, 340)).isCloseTo(21.2, within(1e-9));
        assertThat(GuestPerformanceBenchmark.daemonAfter(t, 400)).isZero();
    }
}
