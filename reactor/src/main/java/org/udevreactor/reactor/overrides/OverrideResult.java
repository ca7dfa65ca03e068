package org.udevreactor.reactor.overrides;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.udevreactor.reactor.binding.BindOutcome;
import org.udevreactor.rules.PolicyError;

/** How {@code set-override} or {@code unset-override} ended: what is on disk now, and what binding did. */
public sealed interface OverrideResult {

    /** The policy would not load with the new file; nothing written. */
    record Invalid(List<PolicyError> errors) implements OverrideResult {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /**
     * Nothing written or removed, for the reason given: the override would not decide the device
     * (an earlier rule does), a guard refuses it, the device is not there, no such override.
     */
    record NotDone(Kind kind, String reason) implements OverrideResult {
        public NotDone {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why nothing was done. */
    enum Kind {
        NOT_DECIDING,
        REFUSED,
        DEVICE_GONE,
        NO_OVERRIDE
    }

    /**
     * The file was written (set) or removed (unset) and the binder ran. When binding failed the
     * file change was undone ({@code undone}): the earlier file is back, or none.
     *
     * @param outcome empty when there was nothing to bind: an unset of a device that is not there
     */
    record Applied(Path file, java.util.Optional<BindOutcome> outcome, boolean undone) implements OverrideResult {
        public Applied {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
