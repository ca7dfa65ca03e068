package org.udevreactor.reactor.daemon.settings;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One reason a settings file was rejected.
 *
 * @param line 1-based line of the key (or of its table header), 0 when unknown
 * @param key  dotted key, e.g. {@code paths.sysfs}; empty for syntax errors and whole-file errors
 */
public record SettingsError(Path file, int line, String key, String message) {
    public SettingsError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE: KEY: MESSAGE}, as policy errors are written. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
