package org.udevreactor.reactor.modules;

import java.nio.charset.StandardCharsets;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import org.udevreactor.netlink.NativeCallException;

/**
 * The module system calls, and nothing else. glibc 2.36 exports init_module but not
 * finit_module, so finit_module goes through syscall(2) with x86_64's number. Each wrapper turns
 * -1 into a {@link NativeCallException} naming the call, its file and parameters, and errno.
 */
final class Native {
    /** x86_64's __NR_finit_module. */
    static final long SYS_FINIT_MODULE = 313;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;

    public interface LibC {
        int open(@In byte[] path, int flags);

        int close(int fd);

        long syscall(long number, long fd, @In byte[] params, long flags);

        int init_module(@In byte[] image, @size_t long length, @In byte[] params);
    }

    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    private static final String UNAVAILABLE;

    static {
        LibC libc = null;
        Runtime runtime = null;
        String cause = null;
        Platform platform = Platform.getNativePlatform();
        if (platform.getOS() != Platform.OS.LINUX || platform.getCPU() != Platform.CPU.X86_64) {
            cause = "module loading is implemented for x86_64 Linux only, this is " + platform.getOS() + " " + platform.getCPU();
        } else {
            try {
                libc = LibraryLoader.create(LibC.class).load("c");
                runtime = Runtime.getRuntime(libc);
            } catch (Throwable e) { // UnsatisfiedLinkError from jffi's stub: report, don't crash
                cause = "cannot load libc through jnr-ffi: " + e;
            }
        }
        LIBC = libc;
        RUNTIME = runtime;
        UNAVAILABLE = cause;
    }

    private Native() {
    }

    /** Null when the calls can be made, else why not. */
    static String unavailabilityCause() {
        return UNAVAILABLE;
    }

    private static LibC libc() {
        if (LIBC == null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
        return LIBC;
    }

    private static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    private static byte[] cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    /** Opens the file and calls finit_module(2) on it; the file is closed either way. */
    static void finitModule(String path, String params, int flags) throws NativeCallException {
        int fd = libc().open(cString(path), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new NativeCallException("open(" + path + ")", errno());
        }
        try {
            if (libc().syscall(SYS_FINIT_MODULE, fd, cString(params), flags) < 0) {
                throw new NativeCallException("finit_module(" + path + ", \"" + params + "\", " + flags + ")", errno());
            }
        } finally {
            libc().close(fd);
        }
    }

    /** init_module(2) on a decompressed image; {@code path} only names it in errors. */
    static void initModule(String path, byte[] image, String params) throws NativeCallException {
        if (libc().init_module(image, image.length, cString(params)) < 0) {
            throw new NativeCallException("init_module(" + path + " decompressed, " + image.length + " bytes, \"" + params + "\")", errno());
        }
    }
}
