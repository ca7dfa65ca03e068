package org.udevreactor.reactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.RealKernel;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventListener;
import org.udevreactor.netlink.UeventSink;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.daemon.settings.DaemonSettings;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * The daemon in a dry run on this host's real kernel: loop disks and their partitions come and
 * go and the registry follows; a network interface renamed while a new one takes its old name
 * ends as both names in the registry; an overflowing receive buffer leads to a resync after which the
 * registry equals a fresh scan of sysfs, and a partition deleted and made again unseen is handled again. Root only (skipped with a reason otherwise, never under CI).
 */
class DaemonHostIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Daemon daemon;
    private final List<Waiter> waiters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> loopDevices = ConcurrentHashMap.newKeySet();
    private final Set<String> links = ConcurrentHashMap.newKeySet();

    /** An event the test waits to see queued. */
    private record Waiter(Predicate<DeviceEvent> wanted, CompletableFuture<DeviceEvent> seen) {
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        links.forEach(link -> RealKernel.runQuietly("ip", "link", "del", link));
        for (String device : loopDevices) {
            RealKernel.runQuietly("partx", "-d", device);
            RealKernel.runQuietly("losetup", "-d", device);
        }
    }

    private DaemonSettings settings(int receiveBuffer) throws Exception {
        DaemonSettings host = DaemonSettings.defaults();
        Path rules = Files.createDirectories(temp.resolve("rules.d"));
        return new DaemonSettings(host.sysfs(), host.procfs(), host.modulesDir(), temp.resolve("state"),
                temp.resolve("state/meta.pb"), List.of(rules), List.of(), receiveBuffer, 4, host.comingTimeout());
    }

    private void start(DaemonSettings settings, Daemon.ListenerOpener opener) throws Exception {
        start(settings, opener, true, false);
    }

    private void start(DaemonSettings settings, Daemon.ListenerOpener opener, boolean dryRun, boolean trigger) throws Exception {
        daemon = new Daemon(settings, dryRun, trigger, opener);
        daemon.watchArrivals(event -> waiters.forEach(w -> {
            if (w.wanted.test(event)) {
                w.seen.complete(event);
            }
        }));
        daemon.start();
    }

    /** Runs {@code action}, then waits until an event it causes has been queued and handled. */
    private DeviceEvent afterEvent(Predicate<DeviceEvent> wanted, String what, ThrowingRunnable action) throws Exception {
        Waiter waiter = new Waiter(wanted, new CompletableFuture<>());
        waiters.add(waiter);
        action.run();
        DeviceEvent event;
        try {
            event = waiter.seen.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s", e);
        }
        waiters.remove(waiter);
        daemon.settle(WAIT);
        return event;
    }

    /** A uniquely tagged harmless event; once it is handled, everything the kernel sent before it is too. */
    private void settleKernel() throws Exception {
        String uuid = UUID.randomUUID().toString();
        afterEvent(e -> e.uevent().flatMap(u -> u.property("SYNTH_UUID")).equals(Optional.of(uuid)), "marker event " + uuid,
                () -> RealKernel.trigger(RealKernel.NULL_UEVENT, "change " + uuid));
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void dryRun_loopDiskAndPartitionComeAndGo_registryFollows() throws Exception {
        RealKernel.requireRootAndNetlink();
        RealKernel.require(RealKernel.commandExists("losetup") && RealKernel.commandExists("partx"),
                "losetup and partx (util-linux, mount) are needed");
        start(settings(DaemonSettings.DEFAULT_RECEIVE_BUFFER_BYTES), UeventListener::open);
        assertThat(daemon.registry().devpaths()).as("coldplug registered the host's devices")
                .contains(RealKernel.NULL_DEVPATH);

        Path image = temp.resolve("disk.img");
        RealKernel.writeDiskImageWithOnePartition(image);
        // The name first, so the events can be told apart from the moment they arrive.
        String device = RealKernel.run("losetup", "-f");
        String name = Path.of(device).getFileName().toString();
        loopDevices.add(device);
        DeviceEvent attached = afterEvent(e -> e.source() == DeviceEvent.Source.KERNEL && e.subsystem().equals("block")
                        && e.devpath().endsWith("/block/" + name), "event of the attached loop disk " + device,
                () -> RealKernel.run("losetup", device, image.toString()));
        String disk = attached.devpath();
        String partition = disk + "/" + name + "p1";
        assertThat(daemon.registry().get(disk)).hasValueSatisfying(r -> {
            assertThat(r.subsystem()).isEqualTo("block");
            assertThat(r.devtype()).contains("disk");
        });

        afterEvent(e -> e.devpath().equals(partition) && e.action() == UeventAction.ADD, "add of " + partition,
                () -> RealKernel.run("partx", "-a", device));
        DeviceRecord added = daemon.registry().get(partition).orElseThrow();
        assertThat(added.parent()).contains(disk);
        assertThat(added.devtype()).contains("partition");
        assertThat(added.lastAction()).isEqualTo(UeventAction.ADD);
        assertThat(daemon.registry().children(disk)).extracting(DeviceRecord::devpath).containsExactly(partition);

        afterEvent(e -> e.devpath().equals(partition) && e.action() == UeventAction.REMOVE, "remove of " + partition,
                () -> RealKernel.run("partx", "-d", device));
        assertThat(daemon.registry().contains(partition)).isFalse();
        assertThat(daemon.registry().contains(disk)).as("a detached loop disk stays in sysfs").isTrue();
        assertThat(daemon.counters().failed()).isZero();
    }

    @Test
    void dryRun_netdevRenamedAndItsOldNameTakenAtOnce_registryHoldsTheNewNameAndTheNewDevice() throws Exception {
        RealKernel.requireRootAndNetlink();
        RealKernel.require(RealKernel.commandExists("ip"), "ip (iproute2) is needed");
        start(settings(DaemonSettings.DEFAULT_RECEIVE_BUFFER_BYTES), UeventListener::open);
        String old = "rdo" + ProcessHandle.current().pid() % 100000;
        String renamed = "rdn" + ProcessHandle.current().pid() % 100000;
        String oldPath = "/devices/virtual/net/" + old;
        String renamedPath = "/devices/virtual/net/" + renamed;
        links.add(old);
        links.add(renamed);
        DeviceEvent added = afterEvent(e -> e.devpath().equals(oldPath) && e.action() == UeventAction.ADD, "add of " + oldPath,
                () -> RealKernel.run("ip", "link", "add", old, "type", "veth", "peer", "name", old + "p"));
        assertThat(daemon.registry().get(oldPath)).hasValueSatisfying(r -> assertThat(r.subsystem()).isEqualTo("net"));

        // Back to back: the move (which removes the old devpath from the registry) and the new
        // interface's add are queued together; the add must not be handled first.
        String firstIndex = added.uevent().orElseThrow().properties().get("IFINDEX");
        afterEvent(e -> e.devpath().equals(oldPath) && e.action() == UeventAction.ADD
                        && e.uevent().flatMap(u -> u.property("IFINDEX")).filter(i -> !i.equals(firstIndex)).isPresent(),
                "add of a new " + oldPath,
                () -> {
                    RealKernel.run("ip", "link", "set", old, "name", renamed);
                    RealKernel.run("ip", "link", "add", old, "type", "veth", "peer", "name", renamed + "p");
                });
        assertThat(daemon.registry().get(renamedPath)).as("the renamed interface")
                .hasValueSatisfying(r -> assertThat(r.lastAction()).isEqualTo(UeventAction.MOVE));
        assertThat(daemon.registry().get(oldPath)).as("the new interface with the old name")
                .hasValueSatisfying(r -> assertThat(r.lastAction()).isEqualTo(UeventAction.ADD));
        assertThat(daemon.registry().devpaths()).contains("/devices/virtual/net/" + old + "p", "/devices/virtual/net/" + renamed + "p");
        assertThat(daemon.counters().failed()).isZero();
    }

    @Test
    void dryRun_receiveBufferOverflow_resyncsAndRegistryEqualsAFreshScan() throws Exception {
        RealKernel.requireRootAndNetlink();
        RealKernel.require(RealKernel.commandExists("losetup") && RealKernel.commandExists("partx"),
                "losetup and partx (util-linux, mount) are needed");
        // The listener's thread is held at its first batch while a burst and a new partition happen,
        // so a 4 KiB buffer overflows for certain, and the partition's "add" may be among the lost.
        HeldListener held = new HeldListener();
        Path image = temp.resolve("disk.img");
        RealKernel.writeDiskImageWithOnePartition(image);
        String device = RealKernel.run("losetup", "-f", "--show", image.toString());
        loopDevices.add(device);
        String name = Path.of(device).getFileName().toString();
        String partition = "/devices/virtual/block/" + name + "/" + name + "p1";
        start(settings(4096), held.opener());
        assertThat(daemon.registry().contains(partition)).isFalse();

        held.overflowWhile(() -> RealKernel.run("partx", "-a", device));

        assertThat(daemon.counters().resyncs()).isPositive();
        List<String> scanned = SysfsScan.devices(new SysfsRoot(Path.of("/sys"))).stream().map(ScannedDevice::devpath).toList();
        assertThat(daemon.registry().devpaths()).isEqualTo(Set.copyOf(scanned));
        assertThat(daemon.registry().get(partition)).as("the partition added during the overflow")
                .hasValueSatisfying(r -> assertThat(r.parent()).contains("/devices/virtual/block/" + name));
    }

    @Test
    void dryRun_partitionRecreatedDuringAnOverflow_resyncRemovesAndAddsItAgain() throws Exception {
        RealKernel.requireRootAndNetlink();
        RealKernel.require(RealKernel.commandExists("losetup") && RealKernel.commandExists("partx"),
                "losetup and partx (util-linux, mount) are needed");
        Path image = temp.resolve("disk.img");
        RealKernel.writeDiskImageWithOnePartition(image);
        String device = RealKernel.run("losetup", "-f", "--show", image.toString());
        loopDevices.add(device);
        RealKernel.run("partx", "-a", device);
        String name = Path.of(device).getFileName().toString();
        String partition = "/devices/virtual/block/" + name + "/" + name + "p1";
        HeldListener held = new HeldListener();
        start(settings(4096), held.opener());
        long before = daemon.registry().get(partition).orElseThrow().incarnation().orElseThrow();
        assertThat(before).isEqualTo(inode(partition));

        // Deleted and made again while every event about it is lost: the same devpath, another directory.
        held.overflowWhile(() -> {
            RealKernel.run("partx", "-d", device);
            RealKernel.run("partx", "-a", device);
        });

        long now = inode(partition);
        assertThat(now).as("the kernel's new directory for the partition").isNotEqualTo(before);
        assertThat(daemon.registry().get(partition)).as("the re-created partition, handled again by the resync")
                .hasValueSatisfying(r -> {
                    assertThat(r.incarnation()).hasValue(now);
                    assertThat(r.lastAction()).isEqualTo(UeventAction.ADD);
                    assertThat(r.parent()).contains("/devices/virtual/block/" + name);
                });
    }

    private static long inode(String devpath) throws Exception {
        return (Long) Files.getAttribute(Path.of("/sys" + devpath), "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The kernel listener with its thread held at the first batch, so a 4 KiB receive buffer
     * overflows for certain while a burst and whatever a test does happen.
     */
    private final class HeldListener {
        private final CountDownLatch firstBatch = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<EventLoss> loss = new CompletableFuture<>();

        Daemon.ListenerOpener opener() {
            return (config, sink) -> UeventListener.open(config, new UeventSink() {
                @Override
                public void onEvents(List<Uevent> batch) {
                    firstBatch.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sink.onEvents(batch);
                }

                @Override
                public void onLoss(EventLoss l) {
                    loss.complete(l);
                    sink.onLoss(l);
                }

                @Override
                public void onFailure(Exception failure) {
                    sink.onFailure(failure);
                }
            });
        }

        /** Holds the listener, overflows its buffer (3,000 events), runs {@code action}, releases it, and waits for the resync to be handled. */
        void overflowWhile(ThrowingRunnable action) throws Exception {
            RealKernel.trigger(RealKernel.NULL_UEVENT, "change");
            assertThat(firstBatch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("first event reached the listener").isTrue();
            RealKernel.burst(RealKernel.NULL_UEVENT, 3000);
            action.run();
            release.countDown();
            EventLoss reported = loss.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reported.cause()).isEqualTo(EventLoss.Cause.OVERFLOW);
            settleKernel();
            daemon.settle(WAIT);
            assertThat(daemon.counters().resyncs()).isPositive();
        }
    }

    @Test
    void trigger_everyDeviceSendsAddAgain_readyAfterEveryTaggedEventWasHandled() throws Exception {
        RealKernel.requireRootAndNetlink();
        // Not a dry run (--trigger writes uevent files), but with no rules and, on a kernel with
        // modules, an index of an empty module tree: nothing can be loaded or bound.
        Path proc = Files.createDirectories(temp.resolve("proc"));
        Files.writeString(proc.resolve("modules"), "");
        Path modules = new org.udevreactor.meta.ModuleDirFixture(temp, "6.1.0-empty").file("modules.dep", "").file("modules.alias", "").dir();
        DaemonSettings host = settings(DaemonSettings.DEFAULT_RECEIVE_BUFFER_BYTES);
        DaemonSettings settings = new DaemonSettings(host.sysfs(), proc, modules, host.stateDir(), host.index(), host.rulesDirs(),
                host.modprobeDirs(), host.receiveBufferBytes(), host.workers(), host.comingTimeout());
        Set<String> tagged = ConcurrentHashMap.newKeySet();
        daemon = new Daemon(settings, false, true, UeventListener::open);
        daemon.watchArrivals(e -> e.uevent().flatMap(u -> u.property("SYNTH_UUID")).ifPresent(uuid -> tagged.add(e.devpath())));
        daemon.start();

        List<String> scanned = SysfsScan.devices(new SysfsRoot(Path.of("/sys"))).stream().map(ScannedDevice::devpath).toList();
        // Every device whose uevent file took the write came back tagged before ready; a few refuse "add".
        assertThat(tagged).isNotEmpty().isSubsetOf(Set.copyOf(scanned)).contains(RealKernel.NULL_DEVPATH);
        assertThat(daemon.registry().devpaths()).containsAll(tagged);
        assertThat(daemon.counters().failed()).isZero();
        assertThat(Files.exists(temp.resolve("state/meta.pb"))).as("the index of the empty tree was cached").isTrue();
    }
}
