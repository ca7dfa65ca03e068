package org.udevreactor.reactor.daemon;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.udevreactor.netlink.ListenerConfig;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.netlink.UeventSink;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * The two first steps of coldplug, which need neither the policy, the module index nor Vert.x,
 * done on a thread of their own while those come up: the netlink socket is opened (in a cold JVM
 * mostly jnr-ffi binding libc: its generated stubs cost tens of ms), then sysfs is scanned. In
 * this order, as udevd: a device added once the socket is open is both scanned and announced (its
 * event queues behind its coldplug "add"), one added before is scanned; none is missed. The socket
 * keeps what the kernel sends until the listener is started, once the pipeline is there to take it.
 */
final class ListenThenScan implements AutoCloseable {
    private final CompletableFuture<UeventListener> listener = new CompletableFuture<>();
    private final CompletableFuture<List<ScannedDevice>> devices = new CompletableFuture<>();
    private final Thread thread;

    private ListenThenScan(Daemon.ListenerOpener opener, ListenerConfig config, UeventSink sink, SysfsRoot sysfs) {
        thread = new Thread(() -> run(opener, config, sink, sysfs), "reactor-listen-scan");
        thread.setDaemon(true);
    }

    /** Begins both on a new thread; {@code sink} gets events only once the listener is started. */
    static ListenThenScan begin(Daemon.ListenerOpener opener, ListenerConfig config, UeventSink sink, SysfsRoot sysfs) {
        ListenThenScan started = new ListenThenScan(opener, config, sink, sysfs);
        started.thread.start();
        return started;
    }

    private void run(Daemon.ListenerOpener opener, ListenerConfig config, UeventSink sink, SysfsRoot sysfs) {
        try {
            listener.complete(opener.open(config, sink));
        } catch (Throwable e) {
            listener.completeExceptionally(e);
            devices.completeExceptionally(new IllegalStateException("sysfs not scanned: no netlink socket"));
            return;
        }
        try {
            devices.complete(SysfsScan.devices(sysfs));
        } catch (Throwable e) {
            devices.completeExceptionally(e);
        }
    }

    /** The opened listener, not started; waits for it. */
    UeventListener listener() throws NativeCallException, InterruptedException {
        try {
            return listener.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause(), NativeCallException.class);
        }
    }

    /** The devices present once the socket was open, parents first; waits for the scan. */
    List<ScannedDevice> devices() throws IOException, InterruptedException {
        try {
            return devices.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause(), IOException.class);
        }
    }

    /** A failure as thrown on the thread: the checked kind callers expect, unchecked ones as they were. */
    private static <E extends Exception> E rethrown(Throwable cause, Class<E> checked) {
        if (checked.isInstance(cause)) {
            return checked.cast(cause);
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }

    /**
     * When the start failed before taking the listener: waits for the thread and closes the
     * socket it opened, so no socket outlives the failed start.
     */
    @Override
    public void close() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (listener.isDone() && !listener.isCompletedExceptionally()) {
            listener.join().close();
        }
    }
}
