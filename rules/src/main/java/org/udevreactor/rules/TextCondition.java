package org.udevreactor.rules;

import java.util.List;
import org.udevreactor.meta.FnmatchPattern;

/** A string fact against a list of fnmatch globs: any glob matching is a match; a missing value never matches. */
record TextCondition(String key, TextField field, String name, List<FnmatchPattern> globs) implements Condition {
    TextCondition {
        globs = List.copyOf(globs);
    }

    @Override
    public boolean test(DeviceSnapshot device) {
        return field.of(device, name).map(value -> globs.stream().anyMatch(g -> g.matches(value))).orElse(false);
    }

    @Override
    public boolean readsSysfs() {
        return field == TextField.DRIVER || field == TextField.ATTRIBUTE;
    }

    @Override
    public String observed(DeviceSnapshot device) {
        return field.of(device, name).map(v -> '"' + v + '"').orElse("(none)");
    }
}
