package org.udevreactor.reactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.netlink.EventLoss;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;
import org.udevreactor.reactor.daemon.bus.BusAddresses;
import org.udevreactor.reactor.logging.CapturedLog;
import org.udevreactor.reactor.daemon.bus.EventBatch;
import org.udevreactor.reactor.daemon.bus.HandledBatch;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.daemon.handling.BinderActions;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.pci.LinuxPciSysfs;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.reactor.daemon.handling.DeviceHandler;
import org.udevreactor.reactor.daemon.handling.Handled;
import org.udevreactor.reactor.daemon.handling.ModuleActions;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.daemon.scan.Reconciliation;
import org.udevreactor.reactor.daemon.scan.ScannedDevice;
import org.udevreactor.reactor.daemon.scan.SysfsScan;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.ModprobeConfig;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.DeviceState;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyLoader;

/** The pipeline in a dry run over a fake sysfs tree: coldplug, kernel events, resync. */
class EventPipelineTest {
    @TempDir
    Path temp;

    private Vertx vertx;
    private EventPipeline pipeline;
    private final DeviceRegistry registry = new DeviceRegistry();
    /** Every result published on the bus, in the order published. */
    private final BlockingQueue<Handled> published = new LinkedBlockingQueue<>();
    private Path sys;
    /** Scans of sysfs begun so far; each returns only through the gate, which a test may close to hold one. */
    private final java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch scanGate = new java.util.concurrent.CountDownLatch(0);

    @BeforeEach
    void deploy() throws Exception {
        sys = temp.resolve("sys");
        DaemonFixtures.hostTree(sys);
        var modules = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep", "kernel/e1000e.ko: kernel/ptp.ko", "kernel/ptp.ko:")
                .file("modules.alias", "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e");
        Path rules = Files.writeString(temp.resolve("50-test.toml"), """
                [[rule]]
                name = "edu-vfio"
                action = "vfio"
                [rule.match]
                vendor = "1234"
                device = "11e8"

                [[rule]]
                name = "no-partitions"
                action = "ignore"
                [rule.match]
                subsystem = "block"
                properties.DEVTYPE = "partition"
                """);
        Policy policy = ((LoadResult.Loaded) PolicyLoader.loadFiles(List.of(rules))).policy();
        SysfsRoot root = new SysfsRoot(sys);
        LoadPlanner planner = new LoadPlanner(modules.index(), ModprobeConfig.EMPTY);
        // The binder's guards read mounts and routes: nothing mounted from these devices, no default route.
        Path proc = temp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("self/mountinfo"), "22 1 0:21 / / rw - tmpfs tmpfs rw\n");
        Files.writeString(proc.resolve("net/route"), "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n");
        Files.writeString(proc.resolve("net/ipv6_route"), "");
        // A dry run: the binder only plans (its loader is never called).
        Binder binder = new Binder(new LinuxPciSysfs(root), new ProcRoot(proc), modules.index(), planner, null,
                LoaderClock.system(), Binder.Settings.DEFAULT);
        DeviceHandler handler = new DeviceHandler(new DeviceSnapshots(root), () -> policy, ModuleActions.planOnly(planner),
                new BinderActions(binder, root, true), registry);
        vertx = Vertx.vertx();
        EventPipeline.registerCodecs(vertx.eventBus());
        // Registered on an event loop of its own, so messages reach it one at a time in publishing order.
        io.vertx.core.Promise<Void> registered = io.vertx.core.Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> vertx.eventBus().<HandledBatch>consumer(BusAddresses.HANDLED, m -> published.addAll(m.body().results()))
                .completion().onComplete(registered));
        await(registered.future());
        EventPipeline.DeviceScanner sysfsScanner = EventPipeline.DeviceScanner.of(root);
        pipeline = new EventPipeline(handler, registry, new EventPipeline.DeviceScanner() {
            @Override
            public List<ScannedDevice> scan() throws Exception {
                var found = sysfsScanner.scan();
                // Counted once scanned: a test that waits for the count may change sysfs behind the scan.
                scans.incrementAndGet();
                scanGate.await();
                return found;
            }

            @Override
            public Optional<DeviceState> state(String devpath) throws Exception {
                return sysfsScanner.state(devpath);
            }
        }, 2);
        await(vertx.deployVerticle(pipeline));
    }

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The next n published results; publishing is asynchronous, so this waits for them (up to 30 s). */
    private List<Handled> next(int n) throws InterruptedException {
        List<Handled> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Handled h = published.poll(30, TimeUnit.SECONDS);
            assertThat(h).as("result %d of %d", i + 1, n).isNotNull();
            out.add(h);
        }
        return out;
    }

    private String result(String devpath) {
        return registry.get(devpath).orElseThrow().result();
    }

    private static Uevent uevent(UeventAction action, String devpath, String subsystem, long seqnum, String... props) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("ACTION", action.wireName());
        properties.put("DEVPATH", devpath);
        properties.put("SUBSYSTEM", subsystem);
        properties.put("SEQNUM", Long.toString(seqnum));
        for (int i = 0; i < props.length; i += 2) {
            properties.put(props[i], props[i + 1]);
        }
        return new Uevent(action, devpath, subsystem, seqnum, properties, UeventOrigin.KERNEL);
    }

    @Test
    void coldplug_dryRun_registersEveryDeviceWithTheDecisionAndThePlan() throws Exception {
        assertThat(await(pipeline.coldplug())).isEqualTo(5);

        assertThat(registry.devpaths()).containsExactlyInAnyOrder(DaemonFixtures.NIC, DaemonFixtures.NETDEV, DaemonFixtures.EDU,
                DaemonFixtures.LOOP, DaemonFixtures.PARTITION);
        assertThat(result(DaemonFixtures.NIC)).isEqualTo("plan: load ptp, e1000e");
        DeviceRecord edu = registry.get(DaemonFixtures.EDU).orElseThrow();
        assertThat(edu.rule()).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("edu-vfio"));
        assertThat(edu.ok()).isTrue();
        Path eduDir = sys.resolve("devices/pci0000:00/0000:00:03.0");
        assertThat(edu.result()).isEqualTo("plan: bind 0000:00:03.0 to vfio-pci; write \"vfio-pci\" > " + sys.resolve("bus/pci/devices/0000:00:03.0/driver_override")
                + "  (only vfio-pci may bind 0000:00:03.0); write \"0000:00:03.0\" > " + sys.resolve("bus/pci/drivers_probe")
                + "  (bind 0000:00:03.0 to vfio-pci)");
        // A dry run writes nothing.
        assertThat(Files.readString(eduDir.resolve("driver_override"))).isEqualTo("(null)\n");
        assertThat(sys.resolve("bus/pci/drivers_probe")).doesNotExist();
        DeviceRecord partition = registry.get(DaemonFixtures.PARTITION).orElseThrow();
        assertThat(partition.result()).isEqualTo("ignored by rule no-partitions");
        assertThat(partition.parent()).contains(DaemonFixtures.LOOP);
        assertThat(partition.devtype()).contains("partition");
        assertThat(registry.get(DaemonFixtures.NETDEV).orElseThrow().parent()).contains(DaemonFixtures.NIC);
        assertThat(result(DaemonFixtures.LOOP)).isEqualTo("nothing to do");
        assertThat(next(5)).allMatch(h -> h.event().source() == DeviceEvent.Source.COLDPLUG);
        assertThat(pipeline.counters().acted()).isEqualTo(2);
        assertThat(pipeline.counters().failed()).isZero();
    }

    @Test
    void kernelEvents_removeOfPartitionAndDisk_leaveTheRegistry() throws Exception {
        await(pipeline.coldplug());
        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(
                DeviceEvent.of(uevent(UeventAction.REMOVE, DaemonFixtures.PARTITION, "block", 10, "DEVTYPE", "partition")),
                DeviceEvent.of(uevent(UeventAction.REMOVE, DaemonFixtures.LOOP, "block", 11, "DEVTYPE", "disk")))));
        // The batch is queued before settle's barrier: both are on the same event loop, in this order.
        await(pipeline.settle());

        assertThat(registry.devpaths()).doesNotContain(DaemonFixtures.LOOP, DaemonFixtures.PARTITION).hasSize(3);
        next(5);
        // Their order is EventQueueTest's matter: results published from one event loop may reach
        // a consumer on another in either order.
        assertThat(next(2)).extracting(h -> h.event().toString())
                .containsExactlyInAnyOrder("remove " + DaemonFixtures.PARTITION + " (block) #10", "remove " + DaemonFixtures.LOOP + " (block) #11");
    }

    @Test
    void kernelAdd_usesTheEventsPropertiesAndPlansTheModules() throws Exception {
        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(DeviceEvent.of(uevent(UeventAction.ADD, DaemonFixtures.NIC, "pci", 7,
                "PCI_ID", "8086:10D3", "MODALIAS", "pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00")))));
        await(pipeline.settle());
        assertThat(result(DaemonFixtures.NIC)).isEqualTo("plan: load ptp, e1000e");
        assertThat(registry.get(DaemonFixtures.NIC).orElseThrow().lastAction()).isEqualTo(UeventAction.ADD);
    }

    @Test
    void settleForSeqnum_waitsUntilTheKernelsEventArrived_thenUntilItIsHandled() throws Exception {
        // The kernel said SEQNUM 9; the event is still on its way (socket, bus) when settle is asked.
        Future<Void> settled = pipeline.settle(9, java.time.Duration.ofDays(1));
        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(DeviceEvent.of(uevent(UeventAction.ADD, DaemonFixtures.NIC, "pci", 8,
                "MODALIAS", "pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00")))));
        await(pipeline.settle());
        assertThat(settled.isComplete()).as("SEQNUM 8 is not 9").isFalse();

        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(DeviceEvent.of(uevent(UeventAction.CHANGE, DaemonFixtures.NIC, "pci", 9,
                "MODALIAS", "pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00")))));
        await(settled);
        assertThat(registry.get(DaemonFixtures.NIC).orElseThrow().lastAction()).as("handled, not only received").isEqualTo(UeventAction.CHANGE);
    }

    @Test
    void settleForSeqnum_thatNeverArrives_settlesAfterTheGrace() throws Exception {
        // SEQNUM 1000 may be another network namespace's event: it never comes here.
        await(pipeline.settle(1000, java.time.Duration.ofMillis(50)));
    }

    @Test
    void kernelAdd_deviceAlreadyGone_isRecordedAsGoneNotAFailure() throws Exception {
        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(DeviceEvent.of(
                uevent(UeventAction.ADD, "/devices/virtual/block/loop7", "block", 3)))));
        await(pipeline.settle());
        assertThat(registry.size()).isZero();
        assertThat(next(1)).singleElement().satisfies(h -> {
            assertThat(h.result().ok()).isTrue();
            assertThat(h.result().summary()).startsWith("device gone: /devices/virtual/block/loop7");
        });
    }

    @Test
    void kernelEvents_moduleAndDriverAppearing_areNotDevicesAndNotRead() throws Exception {
        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(
                DeviceEvent.of(uevent(UeventAction.ADD, "/module/e1000e", "module", 20)),
                DeviceEvent.of(uevent(UeventAction.ADD, "/bus/pci/drivers/e1000e", "drivers", 21)))));
        await(pipeline.settle());
        assertThat(next(2)).allSatisfy(h -> {
            assertThat(h.result().ok()).isTrue();
            assertThat(h.result().summary()).isEqualTo("not a device");
        });
        assertThat(registry.size()).isZero();
    }

    @Test
    void kernelChange_deviceGoneMeanwhile_keepsItsRecordUntilItsRemove() throws Exception {
        await(pipeline.coldplug());
        next(5);
        vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(
                DeviceEvent.of(uevent(UeventAction.CHANGE, "/devices/pci0000:00/0000:00:09.0", "pci", 30)),
                DeviceEvent.of(uevent(UeventAction.CHANGE, DaemonFixtures.LOOP, "block", 31)))));
        deleteTree(sys.resolve("devices/virtual/block/loop0/loop0p1"));
        await(pipeline.settle());
        assertThat(next(2)).extracting(h -> h.result().summary()).allMatch(s -> s.startsWith("device gone: ") || s.equals("nothing to do"));
        assertThat(registry.contains(DaemonFixtures.PARTITION)).isTrue();
    }

    @Test
    void resync_afterDevicesCameAndWentUnseen_registryEqualsAFreshScan() throws Exception {
        await(pipeline.coldplug());
        // Unseen: the loop disk and its partition went away, a second NIC appeared.
        org.udevreactor.reactor.sysfs.SysfsTree.build(sys, """
                f devices/pci0000:00/0000:00:04.0/uevent PCI_CLASS=20000\\nPCI_ID=8086:10D3\\nPCI_SUBSYS_ID=1AF4:1100\\nPCI_SLOT_NAME=0000:00:04.0\\nMODALIAS=pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00
                l devices/pci0000:00/0000:00:04.0/subsystem ../../../bus/pci
                l bus/pci/devices/0000:00:04.0 ../../../devices/pci0000:00/0000:00:04.0
                """);
        deleteTree(sys.resolve("devices/virtual/block/loop0"));

        Reconciliation diff = await(pipeline.resync(new EventLoss(EventLoss.Cause.OVERFLOW, 4, 100, 105)));
        await(pipeline.settle());

        assertThat(diff.added()).extracting(DeviceEvent::devpath).containsExactly("/devices/pci0000:00/0000:00:04.0");
        assertThat(diff.removed()).extracting(DeviceEvent::devpath).containsExactly(DaemonFixtures.PARTITION, DaemonFixtures.LOOP);
        assertThat(registry.devpaths()).isEqualTo(java.util.Set.copyOf(
                SysfsScan.devices(new SysfsRoot(sys)).stream().map(d -> d.devpath()).toList()));
        assertThat(result("/devices/pci0000:00/0000:00:04.0")).isEqualTo("plan: load ptp, e1000e");
        assertThat(pipeline.counters().resyncs()).isEqualTo(1);
        assertThat(pipeline.counters().lost()).isEqualTo(4);
        assertThat(pipeline.counters().recovered()).isEqualTo(3);
        assertThat(registry.get(DaemonFixtures.NIC)).map(DeviceRecord::lastAction).isEqualTo(Optional.of(UeventAction.ADD));
    }

    @Test
    void resync_driverChangedAndPartitionRecreatedUnseen_bindAndRemovePlusAdd() throws Exception {
        await(pipeline.coldplug());
        long oldPartition = registry.get(DaemonFixtures.PARTITION).orElseThrow().incarnation().orElseThrow();
        // Unseen: the NIC got its driver; the partition was deleted and made again (partx -d, -a).
        org.udevreactor.reactor.sysfs.SysfsTree.build(sys, """
                d bus/pci/drivers/e1000e
                l devices/pci0000:00/0000:00:02.0/driver ../../../bus/pci/drivers/e1000e
                """);
        // Moved away rather than deleted, so the new directory cannot get the old one's inode number.
        Files.move(sys.resolve("devices/virtual/block/loop0/loop0p1"), temp.resolve("old-loop0p1"));
        org.udevreactor.reactor.sysfs.SysfsTree.build(sys, """
                f devices/virtual/block/loop0/loop0p1/uevent MAJOR=259\\nMINOR=1\\nDEVNAME=loop0p1\\nDEVTYPE=partition\\nPARTN=1
                l devices/virtual/block/loop0/loop0p1/subsystem ../../../../../class/block
                """);

        Reconciliation diff = await(pipeline.resync(new EventLoss(EventLoss.Cause.OVERFLOW, 3, 200, 204)));
        await(pipeline.settle());

        assertThat(diff.rebound()).extracting(e -> e.action() + " " + e.devpath()).containsExactly("bind " + DaemonFixtures.NIC);
        assertThat(diff.recreated()).containsExactly(DaemonFixtures.PARTITION);
        assertThat(diff.events()).extracting(e -> e.action() + " " + e.devpath()).containsExactly(
                "remove " + DaemonFixtures.PARTITION, "add " + DaemonFixtures.PARTITION, "bind " + DaemonFixtures.NIC);
        DeviceRecord nic = registry.get(DaemonFixtures.NIC).orElseThrow();
        assertThat(nic.driver()).contains("e1000e");
        assertThat(nic.lastAction()).isEqualTo(UeventAction.BIND);
        DeviceRecord partition = registry.get(DaemonFixtures.PARTITION).orElseThrow();
        assertThat(partition.incarnation().orElseThrow()).isNotEqualTo(oldPartition);
        assertThat(partition.result()).isEqualTo("ignored by rule no-partitions");
        // Handled: nothing is different any more.
        assertThat(await(pipeline.resync(new EventLoss(EventLoss.Cause.OVERFLOW, 1, 204, 206))).events()).isEmpty();
    }

    @Test
    void resync_lossReportsWhileARescanWaits_shareOneRescanWithTheirCountsSummed() throws Exception {
        await(pipeline.coldplug());
        int coldplugScans = scans.get();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        scanGate = gate;
        try (CapturedLog log = new CapturedLog("reactor.daemon")) {
            Future<Reconciliation> first = pipeline.resync(new EventLoss(EventLoss.Cause.OVERFLOW, 4, 100, 105));
            // The first rescan has scanned (and is held): what changes now, and the losses reported
            // now, need a rescan after it.
            awaitCondition(() -> scans.get() == coldplugScans + 1);
            deleteTree(sys.resolve("devices/virtual/block/loop0"));
            Future<Reconciliation> second = pipeline.resync(new EventLoss(EventLoss.Cause.SEQNUM_GAP, 2, 110, 113));
            Future<Reconciliation> third = pipeline.resync(new EventLoss(EventLoss.Cause.OVERFLOW, 5, 113, 119));
            Future<Reconciliation> fourth = pipeline.resync(new EventLoss(EventLoss.Cause.OVERFLOW, -1, 119, -1));
            gate.countDown();
            await(pipeline.settle());

            assertThat(await(first).size()).isZero();
            assertThat(await(second)).isSameAs(await(third)).isSameAs(await(fourth));
            assertThat(await(second).removed()).extracting(DeviceEvent::devpath)
                    .containsExactly(DaemonFixtures.PARTITION, DaemonFixtures.LOOP);
            assertThat(scans.get()).isEqualTo(coldplugScans + 2);
            assertThat(pipeline.counters().resyncs()).isEqualTo(2);
            assertThat(pipeline.counters().lossReports()).isEqualTo(4);
            assertThat(pipeline.counters().lost()).isEqualTo(11);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN resync: ")).containsExactly(
                    "WARN resync: 4 events lost, recovered by rescanning sysfs: 0 new devices handled as add, 0 vanished handled as remove, "
                            + "0 re-created handled as remove and add, 0 on another driver handled as bind or unbind",
                    "WARN resync: at least 7 events lost in 3 loss reports, recovered by rescanning sysfs: 0 new devices handled as add, "
                            + "2 vanished handled as remove, 0 re-created handled as remove and add, 0 on another driver handled as bind or unbind");
        } finally {
            gate.countDown();
        }
        assertThat(registry.devpaths()).isEqualTo(java.util.Set.copyOf(
                SysfsScan.devices(new SysfsRoot(sys)).stream().map(d -> d.devpath()).toList()));
    }

    @Test
    void logging_anIgnoreRuleAtColdplug_isDebugButOnAKernelEventInfo() throws Exception {
        try (CapturedLog log = new CapturedLog("reactor.device")) {
            await(pipeline.coldplug());
            vertx.eventBus().send(BusAddresses.EVENTS, new EventBatch(List.of(DeviceEvent.of(
                    uevent(UeventAction.ADD, DaemonFixtures.PARTITION, "block", 40, "DEVTYPE", "partition")))));
            await(pipeline.settle());

            assertThat(log.lines()).filteredOn(l -> l.contains(DaemonFixtures.PARTITION)).containsExactly(
                    "DEBUG coldplug add " + DaemonFixtures.PARTITION + " (block) [rule no-partitions]: ignored by rule no-partitions",
                    "INFO add " + DaemonFixtures.PARTITION + " (block) #40 [rule no-partitions]: ignored by rule no-partitions");
            // What acted is still at info.
            assertThat(log.lines()).contains("INFO coldplug add " + DaemonFixtures.NIC + " (pci): plan: load ptp, e1000e");
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
