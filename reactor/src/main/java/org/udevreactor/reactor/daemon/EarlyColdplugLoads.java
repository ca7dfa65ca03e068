package org.udevreactor.reactor.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.reactor.daemon.handling.ActionResult;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.Policy;

/**
 * Coldplug's module loads, begun while the rest of the daemon starts (Vert.x, the pipeline): a
 * thread of its own takes coldplug's own scan ({@link ListenThenScan}: made once the netlink
 * socket is open), reads and decides each CPU (first: see {@link #cpusFirst}) and each device
 * that has a {@code modalias} attribute as the
 * handler does (the same read, the same policy), and for each such device no rule matched
 * begins its MODALIAS autoload on a pool
 * ({@link ModuleActions#autoloadEarly}). On a slow machine (an emulated guest) much of the start
 * is Vert.x's and the socket's, and the modules no longer wait for it.
 *
 * <p>Coldplug proper still handles every device of the scan afterwards (a device that a load
 * creates meanwhile, a NIC's netdev, comes as an event: the socket was open before the scan); a
 * device's autoload then takes the early result, so the device's own result still says "loaded
 * e1000e". Only devices no rule matched are loaded early: a device
 * a rule ignores gets nothing, and a rule's loads and binds wait for the pipeline.
 */
final class EarlyColdplugLoads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");

    private final ModuleActions modules;
    private final ExecutorService pool;
    private final Thread thread;
    private final AtomicInteger begun = new AtomicInteger();

    /** The devices present, parents first; waits for the scan. */
    interface Scan {
        List<ScannedDevice> devices() throws IOException, InterruptedException;
    }

    private EarlyColdplugLoads(Scan scan, SysfsRoot sysfs, Policy policy, ModuleActions modules, int jobs) {
        this.modules = modules;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "reactor-early-load-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(() -> run(scan, sysfs, policy), "reactor-early-loads");
        thread.setDaemon(true);
    }

    /** The JVM property that turns early loads off, to measure what they change (GuestPerformanceBenchmark). */
    static final String SWITCH = "reactor.coldplug.earlyLoads";

    /** On unless {@value #SWITCH} is {@code false}. */
    static boolean enabled() {
        return !"false".equals(System.getProperty(SWITCH));
    }

    /** Starts scanning and loading; {@code jobs} loads at most at once. */
    static EarlyColdplugLoads begin(Scan scan, SysfsRoot sysfs, Policy policy, ModuleActions modules, int jobs) {
        EarlyColdplugLoads early = new EarlyColdplugLoads(scan, sysfs, policy, modules, jobs);
        early.thread.start();
        return early;
    }

    private void run(Scan scan, SysfsRoot sysfs, Policy policy) {
        DeviceSnapshots snapshots = new DeviceSnapshots(sysfs);
        Set<String> attributes = policy.attributeNames();
        try {
            for (ScannedDevice scanned : cpusFirst(scan.devices())) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                // Only a device with a modalias attribute, or a CPU, can need a module: one stat
                // spares the read of the many that have neither (coldplug proper reads them all anyway).
                if ((isCpu(scanned) || new java.io.File(sysfs.root().toString() + scanned.devpath() + "/modalias").isFile())
                        && snapshots.read(scanned.devpath(), scanned.subsystem(), attributes) instanceof DeviceRead.Present present) {
                    beginFor(scanned.devpath(), present.snapshot(), policy);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not fatal: coldplug reads every device again and loads what is left (a failed scan fails the start there).
            log.warn("early module loads stopped ({}); coldplug loads the rest", e.toString());
        } catch (InterruptedException e) {
            // Closed: the daemon stops.
        }
    }

    /** The subsystem of the CPU devices, whose MODALIAS is in their uevent file alone: they have no modalias attribute. */
    private static final String CPU_SUBSYSTEM = "cpu";

    private static boolean isCpu(ScannedDevice device) {
        return device.subsystem().equals(CPU_SUBSYSTEM);
    }

    /**
     * The CPUs first, the rest in scan order. A CPU's MODALIAS (its instruction-set features)
     * resolves to the most modules of any device on x86: the crypto and KVM modules, loaded one
     * after another, several of them running self-tests in their init. Begun last, that chain
     * ends the loading long after every other device's modules are live; begun first, it runs
     * while the other devices are read and loaded.
     */
    static List<ScannedDevice> cpusFirst(List<ScannedDevice> devices) {
        List<ScannedDevice> ordered = new ArrayList<>(devices.size());
        devices.stream().filter(EarlyColdplugLoads::isCpu).forEach(ordered::add);
        devices.stream().filter(d -> !isCpu(d)).forEach(ordered::add);
        return ordered;
    }

    private void beginFor(String devpath, DeviceSnapshot device, Policy policy) {
        if (device.modalias().isEmpty() || !(policy.decide(device) instanceof Decision.NoMatch)) {
            return;
        }
        String modalias = device.modalias().get();
        CompletableFuture<ActionResult> load = modules.autoloadEarly(modalias, pool);
        if (load != null) {
            begun.incrementAndGet();
            // At debug: the device's own result says it again once coldplug handles it; this line is
            // what remains when the daemon stops before that.
            load.thenAccept(result -> log.debug("{} ({}), early for coldplug: {}", devpath, modalias, result.summary()));
        }
    }

    /**
     * Waits until the scan is done and every load it began has finished (coldplug has taken or
     * waited for them already), then forgets the results no device took; returns how many loads
     * were begun.
     */
    int finish() throws InterruptedException {
        thread.join();
        modules.endEarly();
        pool.shutdown();
        return begun.get();
    }

    /**
     * Stops scanning, drops the loads not begun and waits (up to {@link #STOP_WAIT}) for those in
     * the kernel: a finit_module cannot be interrupted, and the daemon stops before coldplug is done.
     */
    @Override
    public void close() {
        thread.interrupt();
        pool.shutdownNow();
        modules.abandonEarly();
        try {
            if (!pool.awaitTermination(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn("early module loads still running after {} s; stopping without them", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(30);
}
