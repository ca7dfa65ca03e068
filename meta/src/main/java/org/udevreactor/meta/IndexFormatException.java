package org.udevreactor.meta;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A meta.pb written in another format version (by an older or newer build): nothing is wrong with
 * the module directory, the index only has to be built again.
 */
public final class IndexFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int found;
    private final int expected;

    IndexFormatException(Path file, int found, int expected) {
        super(file + ": module index format " + found + ", this build reads " + expected + "; rebuild it with `reactor meta build`");
        this.found = found;
        this.expected = expected;
    }

    public int found() {
        return found;
    }

    public int expected() {
        return expected;
    }
}
