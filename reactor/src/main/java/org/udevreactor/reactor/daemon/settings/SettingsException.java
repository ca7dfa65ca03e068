package org.udevreactor.reactor.daemon.settings;

import java.util.List;
import java.util.stream.Collectors;
import org.udevreactor.rules.PolicyError;

/** A settings file that cannot be used, with every error found in it. */
public final class SettingsException extends Exception {
    private final List<PolicyError> errors;

    public SettingsException(List<PolicyError> errors) {
        super(errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
