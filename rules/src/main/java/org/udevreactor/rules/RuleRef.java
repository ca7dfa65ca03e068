package org.udevreactor.rules;

import java.nio.file.Path;
import java.util.Objects;

/** Which rule: its name, and the file and line of its {@code [[rule]]} header. */
public record RuleRef(String name, Path file, int line) {
    public RuleRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return "\"" + name + "\" (" + file + ":" + line + ")";
    }
}
