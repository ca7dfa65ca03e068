package org.udevreactor.reactor.daemon.handling;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.RuleRef;

/**
 * Handles one device event, on a worker thread: reads the device (unless the policy can decide
 * from a kernel event's own properties, see {@link Policy#needsSysfs}), asks the policy, acts (module
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
    /** The latest policy's attribute names; racing workers at most both compute it. */
    private volatile AttributeNames attributeNames;

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
            handled = failed(event, e);
        }
        report(handled);
        return handled;
    }

    private static Handled failed(DeviceEvent event, Exception e) {
        return new Handled(event, Optional.empty(), ActionResult.failed("failed: " + e));
    }

    /**
     * Handles the event at once, as {@link #handle} would, when that needs nothing from sysfs and
     * nothing that blocks: a removal, something that is not a device, or a kernel event other than
     * "add" that the policy decides from the event's own properties and that asks for nothing to
     * be loaded or bound. That is only the policy and the registry, in memory: the daemon does it
     * on its event loop instead of sending it to a worker and the result back. Returns null,
     * having done nothing, for every other event: those go to {@link #handle} on a worker.
     */
    public Handled handleWithoutBlocking(DeviceEvent event) {
        Handled handled;
        try {
            handled = handleInMemory(event, System.nanoTime());
        } catch (RuntimeException e) {
            handled = failed(event, e);
        }
        if (handled != null) {
            report(handled);
        }
        return handled;
    }

    private Handled handleInMemory(DeviceEvent event, long started) {
        Handled withoutDevice = withoutDevice(event);
        if (withoutDevice != null || event.action() == UeventAction.ADD || event.uevent().isEmpty()) {
            // An "add" checks that the device is there (a stat); a made-up event is always read.
            return withoutDevice;
        }
        Policy rules = policy.get();
        DeviceSnapshot device = DeviceSnapshot.fromUevent(event.uevent().get());
        if (rules.needsSysfs(device)) {
            return null;
        }
        Decision decision = rules.decide(device);
        long decided = System.nanoTime();
        ActionResult result = withoutActing(device, decision);
        if (result == null) {
            return null;
        }
        moved(event);
        OptionalLong incarnation = registry.get(event.devpath()).map(DeviceRecord::incarnation).orElse(OptionalLong.empty());
        return recorded(event, device, incarnation, decision, result, started, decided);
    }

    private Handled handleOrThrow(DeviceEvent event, long started) throws IOException, InterruptedException {
        Handled withoutDevice = withoutDevice(event);
        if (withoutDevice != null) {
            return withoutDevice;
        }
        moved(event);
        Policy rules = policy.get();
        DeviceSnapshot told = event.uevent().map(DeviceSnapshot::fromUevent).orElse(null);
        DeviceSnapshot device;
        OptionalLong incarnation;
        if (told != null && !rules.needsSysfs(told)) {
            // The event's own facts settle the decision, so the device is not read. An "add" still
            // checks that the device is there (one stat, which also gives its incarnation): one
            // gone before its add was handled is not registered, as when it is read (its "remove"
            // follows). Any other event is of the device the registry knows at this devpath.
            if (event.action() == UeventAction.ADD) {
                incarnation = snapshots.incarnation(event.devpath());
                if (incarnation.isEmpty()) {
                    return new Handled(event, Optional.empty(), ActionResult.nothing(
                            new DeviceRead.Gone(event.devpath(), "no device directory").toString()));
                }
            } else {
                incarnation = registry.get(event.devpath()).map(DeviceRecord::incarnation).orElse(OptionalLong.empty());
            }
            device = told;
        } else {
            // The scan or the event named its subsystem: not read again; a kernel event's own
            // properties stand for its uevent file.
            DeviceRead read = told == null ? snapshots.read(event.devpath(), event.subsystem(), attributeNames(rules))
                    : snapshots.complete(told, attributeNames(rules));
            if (!(read instanceof DeviceRead.Present present)) {
                // Gone before it could be read: nothing to act on. The registry keeps what it knew
                // until the "remove" that follows (or that a resync makes up).
                return new Handled(event, Optional.empty(), ActionResult.nothing(read.toString()));
            }
            incarnation = present.incarnation();
            // A made-up event (coldplug, resync) is decided as what it stands for: "add", or the
            // "bind" or "unbind" a resync makes up for a device whose driver changed unseen.
            device = told == null ? present.snapshot().withAction(event.action()) : present.snapshot();
        }
        Decision decision = rules.decide(device);
        long decided = System.nanoTime();
        ActionResult result = act(device, decision);
        return recorded(event, device, incarnation, decision, result, started, decided);
    }

    /** The result of a removal, or of something that is not a device; null for every other event. */
    private Handled withoutDevice(DeviceEvent event) {
        if (event.action() == UeventAction.REMOVE) {
            int removed = registry.remove(event.devpath()).size();
            return new Handled(event, Optional.empty(), ActionResult.nothing(removed == 0 ? "removed (was not known)" : "removed"));
        }
        if (!event.devpath().startsWith("/devices/")) {
            // A module (/module/NAME) or a driver (/bus/pci/drivers/NAME) appearing: not a device,
            // and its uevent file is write-only.
            return new Handled(event, Optional.empty(), ActionResult.nothing("not a device"));
        }
        return null;
    }

    /**
     * Renamed (a network interface, say): the old devpath is gone, and what was below it is now
     * below the new one. The queue holds back every event for the old or the new devpath and their
     * relatives meanwhile.
     */
    private void moved(DeviceEvent event) {
        if (event.action() == UeventAction.MOVE) {
            event.uevent().flatMap(u -> u.property("DEVPATH_OLD")).ifPresent(old -> registry.move(old, event.devpath()));
        }
    }

    /** Records the outcome in the registry. */
    private Handled recorded(DeviceEvent event, DeviceSnapshot device, OptionalLong incarnation, Decision decision,
                             ActionResult acted, long started, long decided) {
        ActionResult result = acted;
        if (result.acted() && log.isDebugEnabled()) {
            result = result.withTiming(HandlingTimes.handled(event, started, decided, System.nanoTime(), result.timing()));
        }
        registry.put(new DeviceRecord(event.devpath(), device.subsystem(), Optional.ofNullable(device.properties().get("DEVTYPE")),
                Optional.empty(), device.driver(), incarnation, decision.rule(), event.action(), result.summary(),
                result.ok()));
        return new Handled(event, Optional.of(decision), result);
    }

    /** The policy's attribute names, worked out once per policy (a reload makes a new one) instead of per event. */
    private Set<String> attributeNames(Policy rules) {
        AttributeNames known = attributeNames;
        if (known == null || known.policy() != rules) {
            known = new AttributeNames(rules, rules.attributeNames());
            attributeNames = known;
        }
        return known.names();
    }

    private record AttributeNames(Policy policy, Set<String> names) {
    }

    private ActionResult act(DeviceSnapshot device, Decision decision) throws InterruptedException {
        ActionResult nothingToDo = withoutActing(device, decision);
        if (nothingToDo != null) {
            return nothingToDo;
        }
        if (decision instanceof Decision.LoadModules load) {
            return modules.load(load.modules());
        }
        if (decision instanceof Decision.Bind || decision instanceof Decision.Release) {
            return binding.apply(device, decision);
        }
        // NoMatch, or a refused binding rule, of an added device with a MODALIAS: the default autoload.
        return modules.autoload(device.modalias().get());
    }

    /** The result of a decision that asks for nothing to be loaded or bound; null for one that does. */
    private static ActionResult withoutActing(DeviceSnapshot device, Decision decision) {
        if (decision instanceof Decision.Ignore ignore) {
            return ActionResult.nothing("ignored by rule " + ignore.matched().name());
        }
        if (decision instanceof Decision.LoadModules || decision instanceof Decision.Bind || decision instanceof Decision.Release) {
            return null;
        }
        // NoMatch, or a refused binding rule: the default, the MODALIAS autoload of an added device.
        if (device.action() == UeventAction.ADD && device.modalias().isPresent()) {
            return null;
        }
        return ActionResult.nothing("nothing to do");
    }

    /** Logs the result; the line is built only when its level is on (most events log at debug). */
    private static void report(Handled h) {
        ActionResult result = h.result();
        Optional<RuleRef> rule = h.decision().flatMap(Decision::rule);
        if (!result.ok()) {
            if (log.isWarnEnabled()) {
                log.warn("{}{}: {}", h.event(), ruleText(rule), result.summary());
            }
        } else if (result.acted() || (rule.isPresent() && !scannedAndIgnored(h))) {
            if (log.isInfoEnabled()) {
                log.info("{}{}: {}", h.event(), ruleText(rule), result.summary());
            }
        } else if (log.isDebugEnabled()) {
            log.debug("{}{}: {}", h.event(), ruleText(rule), result.summary());
        }
        if (!result.timing().isEmpty() && log.isDebugEnabled()) {
            log.debug("{}{}: timing: {}", h.event(), ruleText(rule), result.timing());
        }
    }

    private static String ruleText(Optional<RuleRef> rule) {
        return rule.map(r -> " [rule " + r.name() + "]").orElse("");
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
