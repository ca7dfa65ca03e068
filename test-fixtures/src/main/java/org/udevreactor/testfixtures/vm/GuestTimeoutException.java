package org.udevreactor.testfixtures.vm;

import java.io.IOException;

/** The guest did not answer or reach a state in time; the message says what was awaited. */
public final class GuestTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public GuestTimeoutException(String message) {
        super(message);
    }
}
