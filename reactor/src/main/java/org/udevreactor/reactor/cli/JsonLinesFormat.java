package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;

/**
 * One JSON object per line. Events:
 * {@code {"type":"uevent","source":"kernel","action":"add","devpath":"/devices/...","subsystem":"pci",
 * "seqnum":1234,"monotonic_usec":5678,"properties":{"ACTION":"add",...}}} (properties in arrival order).
 * Losses: {@code {"type":"loss","cause":"overflow","count":17,"last_seqnum":1200,"resume_seqnum":1218}}
 * (count, last_seqnum and resume_seqnum are null when unknown).
 */
final class JsonLinesFormat implements EventFormat {
    private final JsonGenerator json;

    JsonLinesFormat(Writer out) throws IOException {
        this.json = new JsonFactory().createGenerator(out);
        json.setRootValueSeparator(new SerializedString("")); // each object ends its own line
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void event(Uevent event, long monotonicNanos) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "uevent");
        json.writeStringField("source", event.origin().toString());
        json.writeStringField("action", event.action().wireName());
        json.writeStringField("devpath", event.devpath());
        json.writeStringField("subsystem", event.subsystem());
        json.writeNumberField("seqnum", event.seqnum());
        json.writeNumberField("monotonic_usec", monotonicNanos / 1000);
        json.writeObjectFieldStart("properties");
        for (var property : event.properties().entrySet()) {
            json.writeStringField(property.getKey(), property.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void loss(EventLoss loss) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "loss");
        json.writeStringField("cause", loss.cause().name().toLowerCase(Locale.ROOT));
        writeKnown("count", loss.count());
        writeKnown("last_seqnum", loss.lastSeqnum());
        writeKnown("resume_seqnum", loss.resumeSeqnum());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void writeKnown(String name, long value) throws IOException {
        if (value < 0) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }
}
