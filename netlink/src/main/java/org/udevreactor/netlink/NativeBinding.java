package org.udevreactor.netlink;

/**
 * Binds libc for this module's system calls ahead of need. jnr-ffi generates the stubs at the
 * first use (tens of ms in a cold JVM); a daemon may have it done on a thread of its own while it
 * starts, instead of when it opens its first socket. Logs nothing, so it touches no logging
 * configuration that another thread may be making.
 */
public final class NativeBinding {
    private NativeBinding() {
    }

    /** Binds now unless done; whether the calls can be made ({@link UeventListener#unavailabilityCause} says why not). */
    public static boolean bind() {
        return Native.isAvailable();
    }
}
