package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;

class EventFormatTest {
    private static final long AT = 12_345_678_901_234L; // 12345.678901234 s

    private static Uevent partitionAdd() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ACTION", "add");
        properties.put("DEVPATH", "/devices/virtual/block/loop0/loop0p1");
        properties.put("SUBSYSTEM", "block");
        properties.put("DEVTYPE", "partition");
        properties.put("PARTN", "1");
        properties.put("NOTE", "say \"hi\"=\\");
        properties.put("SEQNUM", "7");
        return new Uevent(UeventAction.ADD, "/devices/virtual/block/loop0/loop0p1", "block", 7, properties,
                UeventOrigin.KERNEL);
    }

    @Test
    void udevadm_withoutProperties_printsOneHeaderLine() throws Exception {
        StringWriter out = new StringWriter();
        UdevadmFormat format = new UdevadmFormat(out, false);

        format.event(partitionAdd(), AT);

        assertThat(out.toString()).isEqualTo(
                "KERNEL[12345.678901] add      /devices/virtual/block/loop0/loop0p1 (block)" + System.lineSeparator());
    }

    @Test
    void udevadm_withProperties_printsEveryPropertyInOrderThenBlankLine() throws Exception {
        StringWriter out = new StringWriter();
        new UdevadmFormat(out, true).event(partitionAdd(), AT);

        assertThat(out.toString()).endsWith("(block)" + System.lineSeparator()
                + "ACTION=add\nDEVPATH=/devices/virtual/block/loop0/loop0p1\nSUBSYSTEM=block\nDEVTYPE=partition\n"
                + "PARTN=1\nNOTE=say \"hi\"=\\\nSEQNUM=7\n\n");
    }

    @Test
    void json_event_isOneObjectPerLineWithOrderedProperties() throws Exception {
        StringWriter out = new StringWriter();
        JsonLinesFormat format = new JsonLinesFormat(out);

        format.event(partitionAdd(), AT);
        format.event(partitionAdd(), AT);
        format.flush();

        String line = "{\"type\":\"uevent\",\"source\":\"kernel\",\"action\":\"add\","
                + "\"devpath\":\"/devices/virtual/block/loop0/loop0p1\",\"subsystem\":\"block\",\"seqnum\":7,"
                + "\"monotonic_usec\":12345678901,\"properties\":{\"ACTION\":\"add\","
                + "\"DEVPATH\":\"/devices/virtual/block/loop0/loop0p1\",\"SUBSYSTEM\":\"block\",\"DEVTYPE\":\"partition\","
                + "\"PARTN\":\"1\",\"NOTE\":\"say \\\"hi\\\"=\\\\\",\"SEQNUM\":\"7\"}}\n";
        assertThat(out.toString()).isEqualTo(line + line);
    }

    @Test
    void json_loss_unknownFieldsAreNull() throws Exception {
        StringWriter out = new StringWriter();
        JsonLinesFormat format = new JsonLinesFormat(out);

        format.loss(new EventLoss(EventLoss.Cause.OVERFLOW, -1, 99, -1));
        format.loss(new EventLoss(EventLoss.Cause.SEQNUM_GAP, 3, 99, 103));
        format.flush();

        assertThat(out.toString()).isEqualTo(
                "{\"type\":\"loss\",\"cause\":\"overflow\",\"count\":null,\"last_seqnum\":99,\"resume_seqnum\":null}\n"
                        + "{\"type\":\"loss\",\"cause\":\"seqnum_gap\",\"count\":3,\"last_seqnum\":99,\"resume_seqnum\":103}\n");
    }
}
