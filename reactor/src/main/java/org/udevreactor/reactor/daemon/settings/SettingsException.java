package org.udevreactor.reactor.daemon.settings;

import java.util.List;
import java.util.stream.Collectors;

/** A settings file that cannot be used, with every error found in it. */
public final class SettingsException extends Exception {
    private final List<SettingsError> errors;

    public SettingsException(List<SettingsError> errors) {
        super(errors.stream().map(SettingsError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SettingsError> errors() {
        return errors;
    }
}
