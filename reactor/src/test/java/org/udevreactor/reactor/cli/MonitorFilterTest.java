package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;

class MonitorFilterTest {
    static Uevent event(UeventAction action, String subsystem, String devtype) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ACTION", action.wireName());
        properties.put("DEVPATH", "/devices/virtual/block/loop0");
        properties.put("SUBSYSTEM", subsystem);
        if (devtype != null) {
            properties.put("DEVTYPE", devtype);
        }
        properties.put("SEQNUM", "42");
        return new Uevent(action, "/devices/virtual/block/loop0", subsystem, 42, properties, UeventOrigin.KERNEL);
    }

    @Test
    void accepts_noCriteria_acceptsEverything() {
        MonitorFilter filter = new MonitorFilter(List.of(), Set.of());

        assertThat(filter.accepts(event(UeventAction.ADD, "block", "disk"))).isTrue();
        assertThat(filter.accepts(event(UeventAction.UNBIND, "pci", null))).isTrue();
    }

    @Test
    void accepts_subsystemOnly_matchesAnyDevtype() {
        MonitorFilter filter = new MonitorFilter(List.of("block"), Set.of());

        assertThat(filter.accepts(event(UeventAction.ADD, "block", "partition"))).isTrue();
        assertThat(filter.accepts(event(UeventAction.ADD, "block", null))).isTrue();
        assertThat(filter.accepts(event(UeventAction.ADD, "net", null))).isFalse();
    }

    @Test
    void accepts_subsystemWithDevtype_needsBoth() {
        MonitorFilter filter = new MonitorFilter(List.of("block/partition"), Set.of());

        assertThat(filter.accepts(event(UeventAction.ADD, "block", "partition"))).isTrue();
        assertThat(filter.accepts(event(UeventAction.ADD, "block", "disk"))).isFalse();
        assertThat(filter.accepts(event(UeventAction.ADD, "block", null))).isFalse();
    }

    @Test
    void accepts_severalSubsystemsAndActions_anyOfEachMustMatch() {
        MonitorFilter filter = new MonitorFilter(List.of("net", "pci"), Set.of(UeventAction.ADD, UeventAction.REMOVE));

        assertThat(filter.accepts(event(UeventAction.REMOVE, "pci", null))).isTrue();
        assertThat(filter.accepts(event(UeventAction.CHANGE, "pci", null))).isFalse();
        assertThat(filter.accepts(event(UeventAction.ADD, "usb", null))).isFalse();
    }

    @Test
    void new_emptyOrSlashMatch_isRejectedWithTheOptionName() {
        assertThatThrownBy(() -> new MonitorFilter(List.of("block/"), Set.of()))
                .hasMessageContaining("--subsystem-match \"block/\"");
        assertThatThrownBy(() -> new MonitorFilter(List.of(""), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
