package org.udevreactor.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the errors of one file, each placed by its key path; reading goes on after each so all are reported at once. */
final class Problems {
    private final Path file;
    private final KeyLines lines;
    private final List<PolicyError> errors;

    Problems(Path file, KeyLines lines, List<PolicyError> errors) {
        this.file = file;
        this.lines = lines;
        this.errors = errors;
    }

    void add(KeyPath at, String message) {
        errors.add(new PolicyError(file, lines.lineOf(at), at.toString(), message));
    }

    /** Errors reported so far for this file (and the files read before it into the same list). */
    int count() {
        return errors.size();
    }

    Path file() {
        return file;
    }

    int lineOf(KeyPath at) {
        return lines.lineOf(at);
    }
}
