package org.udevreactor.reactor.daemon.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * A codec for immutable messages that never leave the process: {@code transform} hands over the
 * same instance (no copy, no serialisation); the wire methods refuse, as a clustered bus would be
 * a mistake here.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
    private final Class<T> type;

    public LocalCodec(Class<T> type) {
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        throw new UnsupportedOperationException(name() + " is local only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(name() + " is local only");
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return "local:" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
