package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parseObject_qmpEvent_givesNestedMapsAndLongs() {
        Map<String, Object> event = Json.parseObject("{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5},"
                + " \"event\": \"DEVICE_DELETED\", \"data\": {\"path\": \"/machine/peripheral/hp1\", \"device\": \"hp1\"}}");

        assertThat(event).containsEntry("event", "DEVICE_DELETED");
        assertThat(event.get("data")).isEqualTo(Map.of("path", "/machine/peripheral/hp1", "device", "hp1"));
        assertThat(event.get("timestamp")).isEqualTo(Map.of("seconds", 1700000000L, "microseconds", 5L));
    }

    @Test
    void write_commandWithArguments_roundTripsThroughParse() {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("execute", "device_add");
        command.put("arguments", Map.of("driver", "e1000e", "bus", "rp1"));
        command.put("flags", List.of(true, false, 3L));

        assertThat(Json.parseObject(Json.write(command))).isEqualTo(command);
    }

    @Test
    void parseObject_array_isRejectedShowingInput() {
        assertThatThrownBy(() -> Json.parseObject("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1]");
    }
}
