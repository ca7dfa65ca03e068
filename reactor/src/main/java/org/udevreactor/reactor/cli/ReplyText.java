package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/**
 * A control socket reply as text, one "key: value" per line: nested objects as dotted keys
 * ("events.by_action.add: 12"), latency histograms as their count and mean, lists one element
 * per line. "version" and "ok" are left out: the exit code says it.
 */
final class ReplyText {
    private ReplyText() {
    }

    static void write(JsonNode reply, PrintWriter out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = reply.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("ok") && !field.getKey().equals("version")) {
                value(field.getKey(), field.getValue(), out);
            }
        }
    }

    private static void value(String key, JsonNode value, PrintWriter out) {
        if (isHistogram(value)) {
            long count = value.get("count").asLong();
            out.printf("%s: %d, mean %s ms%n", key, count, count == 0 ? "-" : String.format("%.1f", value.get("sum").asDouble() / count));
        } else if (value.isObject()) {
            if (value.isEmpty()) {
                out.println(key + ": none");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                value(key + "." + field.getKey(), field.getValue(), out);
            }
        } else if (value.isArray()) {
            out.println(key + ": " + (value.isEmpty() ? "none" : ""));
            for (JsonNode element : value) {
                out.println("  " + (element.isObject() ? String.join("  ", values(element)) : element.asText()));
            }
        } else {
            out.println(key + ": " + value.asText());
        }
    }

    private static boolean isHistogram(JsonNode value) {
        return value.isObject() && value.has("count") && value.has("sum") && value.has("buckets");
    }

    private static Iterable<String> values(JsonNode object) {
        java.util.List<String> out = new java.util.ArrayList<>();
        object.elements().forEachRemaining(v -> out.add(v.asText()));
        return out;
    }
}
