package org.udevreactor.rules;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One reason a policy set was rejected; the daemon's settings file (reactor.toml) reports its
 * errors in the same form.
 *
 * @param file    the policy file (or drop-in directory) at fault
 * @param line    1-based line of the offending key, of the nearest enclosing key or table header
 *                when the key itself is absent or written inside an inline table, 0 when unknown
 * @param key     where in the file, e.g. {@code rule[2].match.vendor}; empty for TOML syntax errors
 *                and for errors about the file as a whole
 * @param message what is wrong, in words that say how to fix it
 */
public record PolicyError(Path file, int line, String key, String message) {
    public PolicyError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE: KEY: MESSAGE}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
