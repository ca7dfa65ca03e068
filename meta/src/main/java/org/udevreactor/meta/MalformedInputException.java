package org.udevreactor.meta;

import java.nio.file.Path;

/** A depmod file that cannot be read as such; the message names the file and the line. */
public final class MalformedInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedInputException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    MalformedInputException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
