package org.udevreactor.rules;

import java.util.List;
import java.util.Objects;

/** The outcome of loading a policy set: all of it, or none of it and every error found. */
public sealed interface LoadResult {

    record Loaded(Policy policy) implements LoadResult {
        public Loaded {
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** At least one error; in file order, then in the order found within each file. */
    record Failed(List<PolicyError> errors) implements LoadResult {
        public Failed {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a failed load has errors");
            }
        }
    }
}
