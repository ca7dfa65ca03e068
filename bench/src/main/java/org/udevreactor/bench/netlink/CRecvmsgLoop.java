package org.udevreactor.bench.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Out;

/**
 * The C reference loop (recvmsg-loop.c beside this class), compiled with gcc into a temporary
 * shared library and called through jnr-ffi: one native call drains a whole burst.
 */
final class CRecvmsgLoop {
    static final String SOURCE = "recvmsg-loop.c";

    /** The functions of recvmsg-loop.c; each returns -errno on failure. */
    public interface Library {
        int recvmsg_loop_open(int receiveBufferBytes);

        long recvmsg_loop_drain(int fd, @Out long[] overflows);

        int recvmsg_loop_close(int fd);
    }

    private final Library library;
    private final long[] overflows = new long[1];

    private CRecvmsgLoop(Library library) {
        this.library = library;
    }

    /** Compiles the C source with {@code gcc -O2} in a temporary directory (deleted at exit) and loads it. */
    static CRecvmsgLoop build() {
        try {
            Path dir = Files.createTempDirectory("recvmsg-loop");
            Path source = dir.resolve(SOURCE);
            Path library = dir.resolve("librecvmsgloop.so");
            try (InputStream in = CRecvmsgLoop.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SOURCE + " is missing from the class path");
                }
                Files.write(source, in.readAllBytes());
            }
            compile(List.of("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC",
                    "-o", library.toString(), source.toString()));
            Library loaded = LibraryLoader.create(Library.class).load(library.toString());
            for (Path file : List.of(dir, source, library)) {
                file.toFile().deleteOnExit(); // deleted in reverse order: the files, then the directory
            }
            return new CRecvmsgLoop(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the C recvmsg loop", e);
        }
    }

    private static void compile(List<String> command) throws IOException {
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                gcc.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + SOURCE, e);
        }
    }

    /** Opens a socket on the kernel group with SO_PASSCRED and the receive buffer forced to the size asked. */
    int open(int receiveBufferBytes) {
        return check("open", library.recvmsg_loop_open(receiveBufferBytes));
    }

    /** Receives until the socket's queue is empty, one recvmsg per datagram. */
    DrainCount drain(int fd) {
        long received = check("drain", library.recvmsg_loop_drain(fd, overflows));
        return new DrainCount(received, overflows[0]);
    }

    void close(int fd) {
        check("close", library.recvmsg_loop_close(fd));
    }

    private static int check(String what, int result) {
        return (int) check(what, (long) result);
    }

    private static long check(String what, long result) {
        if (result < 0) {
            throw new IllegalStateException("recvmsg_loop_" + what + " failed: errno " + -result);
        }
        return result;
    }
}
