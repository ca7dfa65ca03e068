package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KernelTraceTest {
    @Test
    void parse_kprobeLineWithATaskNameHoldingDashesAndSpaces_givesTaskPidTimeAndFields() {
        KernelTrace.Event e = KernelTrace.parse("   (udev-worker)-248     [000] .N...    26.851991: modinit: (do_init_module+0x0/0x1f0) name=\"button\"");

        assertThat(e.task()).isEqualTo("(udev-worker)");
        assertThat(e.pid()).isEqualTo(248);
        assertThat(e.nanos()).isEqualTo(26_851_991_000L);
        assertThat(e.event()).isEqualTo("modinit");
        assertThat(e.field("name")).contains("button");
    }

    @Test
    void parse_returnProbeAndMarker_readTheirText() {
        KernelTrace.Event ret = KernelTrace.parse(" reactor-worker-3-301 [000] ..... 28.311170: modlive: (__do_sys_finit_module+0xac/0x120 <- do_init_module) ret=-19");
        KernelTrace.Event mark = KernelTrace.parse("              sh-181     [000] .....    24.345973: tracing_mark_write: start");

        assertThat(ret.task()).isEqualTo("reactor-worker-3");
        assertThat(ret.field("ret")).contains("-19");
        assertThat(ret.field("name")).isEmpty();
        assertThat(mark.event()).isEqualTo("tracing_mark_write");
        assertThat(mark.text()).isEqualTo("start");
    }

    @Test
    void parse_notATraceLine_saysSo() {
        assertThatThrownBy(() -> KernelTrace.parse("CPU:0 [LOST 12 EVENTS]")).hasMessageContaining("not a trace line");
    }
}
