package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.udevreactor.meta.MalformedInputException;

/** Turns the meta commands' expected failures into one line on stderr and a sysexits code. */
final class MetaFailures {
    private MetaFailures() {
    }

    interface Body {
        int run() throws IOException;
    }

    static Callable<Integer> reporting(PrintWriter err, Body body) {
        return () -> {
            try {
                return body.run();
            } catch (MalformedInputException e) {
                err.println("reactor meta: " + e.getMessage());
                return MetaCommand.DATA_ERROR;
            } catch (NoSuchFileException e) {
                err.println("reactor meta: " + e.getFile() + ": no such file or directory");
                return MetaCommand.NO_INPUT;
            } catch (IOException e) {
                err.println("reactor meta: " + e.getMessage());
                return MetaCommand.NO_INPUT;
            }
        };
    }
}
