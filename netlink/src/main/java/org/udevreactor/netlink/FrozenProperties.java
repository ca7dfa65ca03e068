package org.udevreactor.netlink;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An insertion-ordered map nobody can change. It owns its backing map exclusively: only
 * {@link #copyOf} and the parser (which hands over a map it never touches again) create one,
 * so {@link Uevent} can keep it without a defensive copy on the receive path.
 */
final class FrozenProperties extends AbstractMap<String, String> {
    private final Map<String, String> map;

    private FrozenProperties(LinkedHashMap<String, String> owned) {
        this.map = owned;
    }

    /** Takes ownership of {@code owned}: the caller must drop every reference to it. */
    static FrozenProperties adopt(LinkedHashMap<String, String> owned) {
        return new FrozenProperties(owned);
    }

    static FrozenProperties copyOf(Map<String, String> source) {
        if (source instanceof FrozenProperties) {
            return (FrozenProperties) source;
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(Math.max(16, source.size() * 2));
        source.forEach((key, value) -> copy.put(
                java.util.Objects.requireNonNull(key, "property key"),
                java.util.Objects.requireNonNull(value, () -> "value of property " + key)));
        return new FrozenProperties(copy);
    }

    @Override
    public String get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return Collections.unmodifiableMap(map).entrySet();
    }
}
