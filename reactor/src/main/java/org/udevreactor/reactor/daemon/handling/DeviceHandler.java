package org.udevreactor.reactor.daemon.handling;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.Policy;

/**
 * Handles one device event, on a worker thread: reads the device, asks the policy, acts (module
 * autoload for "add" events with a MODALIAS unless a rule decided otherwise, a rule's loads,
 * binds and releases), and records the outcome in the registry. Nothing thrown here stops the
 * daemon: a failure becomes the event's result, logged with the device and the reason.
 */
public final class DeviceHandler {
    private static final Logger log = LoggerFactory.getLogger("reactor.device");

    private final DeviceSnapshots snapshots;
    private final Supplier<Policy> policy;
    private final ModuleActions modules;
    private final Binding binding;
    private final DeviceRegistry registry;

    public DeviceHandler(DeviceSnapshots snapshots, Supplier<Policy> policy, ModuleActions modules, Binding binding,
                         DeviceRegistry registry) {
        this.snapshots = snapshots;
        this.policy = policy;
        this.modules = modules;
        this.binding = binding;
        this.registry = registry;
    }

    public Handled handle(DeviceEvent event) {
        long started = System.nanoTime();
        Handled handled;
        try {
            handled = handleOrThrow(event, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handled = new Handled(event, Optional.empty(), ActionResult.failed("interrupted (the daemon is stopping)"));
        } catch (IOException | RuntimeException e) {
            handled = new Handled(event, Optional.empty(), ActionResult.failed("failed: " + e));
        }
        report(handled);
        return handled;
    }

    private Handled handleOrThrow(DeviceEvent event, long started) throws IOException, InterruptedException {
        if (event.action() == UeventAction.REMOVE) {
            int removed = registry.remove(event.devpath()).size();
            return new Handled(event, Optional.empty(), ActionResult.nothing(removed == 0 ? "removed (was not known)" : "removed"));
        }
        if (!event.devpath().startsWith("/devices/")) {
            // A module (/module/NAME) or a driver (/bus/pci/drivers/NAME) appearing: not a device,
            // and its uevent file is write-only.
            return new Handled(event, Optional.empty(), ActionResult.nothing("not a device"));
        }
        if (event.action() == UeventAction.MOVE) {
            // Renamed (a network interface, say): the old devpath is gone.
            event.uevent().flatMap(u -> u.property("DEVPATH_OLD")).ifPresent(registry::remove);
        }
        Policy rules = policy.get();
        DeviceRead read = snapshots.read(event.devpath(), rules.attributeNames());
        if (!(read instanceof DeviceRead.Present present)) {
            // Gone before it could be read: nothing to act on. The registry keeps what it knew
            // until the "remove" that follows (or that a resync makes up).
            return new Handled(event, Optional.empty(), ActionResult.nothing(read.toString()));
        }
        // A made-up event (coldplug, resync) is decided as what it stands for: "add", or the "bind"
        // or "unbind" a resync makes up for a device whose driver changed unseen.
        DeviceSnapshot device = event.uevent().map(u -> fromEvent(u, present.snapshot()))
                .orElseGet(() -> present.snapshot().withAction(event.action()));
        Decision decision = rules.decide(device);
        long decided = System.nanoTime();
        ActionResult result = act(device, decision);
        if (result.acted() && log.isDebugEnabled()) {
            result = result.withTiming(HandlingTimes.handled(event, started, decided, System.nanoTime(), result.timing()));
        }
        registry.put(new DeviceRecord(event.devpath(), device.subsystem(), Optional.ofNullable(device.properties().get("DEVTYPE")),
                Optional.empty(), device.driver(), present.incarnation(), decision.rule(), event.action(), result.summary(),
                result.ok()));
        return new Handled(event, Optional.of(decision), result);
    }

    /** The event's own facts (action, properties, MODALIAS) with what only sysfs knows (driver, boot_vga, attributes). */
    private static DeviceSnapshot fromEvent(Uevent event, DeviceSnapshot read) {
        DeviceSnapshot s = DeviceSnapshot.fromUevent(event).withDriver(read.driver()).withAttributes(read.attributes());
        return read.bootVga().isPresent() ? s.withBootVga(read.bootVga().get()) : s;
    }

    private ActionResult act(DeviceSnapshot device, Decision decision) throws InterruptedException {
        if (decision instanceof Decision.Ignore ignore) {
            return ActionResult.nothing("ignored by rule " + ignore.matched().name());
        }
        if (decision instanceof Decision.LoadModules load) {
            return modules.load(load.modules());
        }
        if (decision instanceof Decision.Bind || decision instanceof Decision.Release) {
            return binding.apply(device, decision);
        }
        // NoMatch, or a refused binding rule: the default, the MODALIAS autoload of an added device.
        if (device.action() == UeventAction.ADD && device.modalias().isPresent()) {
            return modules.autoload(device.modalias().get());
        }
        return ActionResult.nothing("nothing to do");
    }

    private static void report(Handled h) {
        String rule = h.decision().flatMap(Decision::rule).map(r -> " [rule " + r.name() + "]").orElse("");
        if (!h.result().ok()) {
            log.warn("{}{}: {}", h.event(), rule, h.result().summary());
        } else if (h.result().acted() || (h.decision().flatMap(Decision::rule).isPresent() && !scannedAndIgnored(h))) {
            log.info("{}{}: {}", h.event(), rule, h.result().summary());
        } else {
            log.debug("{}{}: {}", h.event(), rule, h.result().summary());
        }
        if (!h.result().timing().isEmpty()) {
            log.debug("{}{}: timing: {}", h.event(), rule, h.result().timing());
        }
    }

    /**
     * A device found by a sysfs scan (coldplug, resync) that an {@code ignore} rule matched: a rule
     * ignoring, say, every partition matches hundreds of devices at start, and a line for each
     * would bury the ones that did something. A kernel event an ignore rule matched stays at info.
     */
    private static boolean scannedAndIgnored(Handled h) {
        return h.event().source() != DeviceEvent.Source.KERNEL && h.decision().orElse(null) instanceof Decision.Ignore;
    }
}
