package org.udevreactor.reactor.daemon.handling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.udevreactor.reactor.binding.BindOutcome;
import org.udevreactor.reactor.binding.BindPlan;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.binding.DevicePlan;
import org.udevreactor.reactor.metrics.BindMetrics;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.PciIdentity;

/**
 * Binds and releases through the {@link Binder}: {@link Binder#apply} for real, or in a dry run
 * {@link Binder#plan}, logged as the modules it would load and the exact sysfs writes it would make.
 */
public final class BinderActions implements Binding {
    private final Binder binder;
    private final SysfsRoot sysfs;
    private final boolean dryRun;
    private final BindMetrics metrics = new BindMetrics();
    private final Optional<TimedPciSysfs> timed;

    /** @param timed the binder's sysfs, when it is timed: each bind's result then says where its time went */
    public BinderActions(Binder binder, SysfsRoot sysfs, boolean dryRun, Optional<TimedPciSysfs> timed) {
        this.binder = binder;
        this.sysfs = sysfs;
        this.dryRun = dryRun;
        this.timed = timed;
    }

    public BinderActions(Binder binder, SysfsRoot sysfs, boolean dryRun) {
        this(binder, sysfs, dryRun, Optional.empty());
    }

    @Override
    public ActionResult apply(DeviceSnapshot device, Decision decision) throws InterruptedException {
        Optional<String> slot = device.pci().map(PciIdentity::address);
        if (slot.isEmpty()) {
            // Policy validation keeps binding rules to PCI matches; a device without PCI_SLOT_NAME is odd.
            return ActionResult.failed("cannot bind: " + device.devpath() + " has no PCI address (PCI_SLOT_NAME)");
        }
        PciAddress address;
        try {
            address = PciAddress.parse(slot.get());
        } catch (IllegalArgumentException e) {
            return ActionResult.failed("cannot bind: " + e.getMessage());
        }
        if (dryRun) {
            return planned(binder.plan(address, decision));
        }
        timed.ifPresent(TimedPciSysfs::startTiming);
        long start = System.nanoTime();
        BindOutcome outcome = binder.apply(address, decision);
        long end = System.nanoTime();
        metrics.record(outcome);
        String timing = timed.map(t -> HandlingTimes.bind(start, t.writes(), t.reads(), end)).orElse("");
        return new ActionResult(outcome.summary(), succeeded(outcome), true, timing);
    }

    /** The binds and releases carried out (none in a dry run). */
    public BindMetrics metrics() {
        return metrics;
    }

    private ActionResult planned(BindPlan plan) {
        if (plan.foregone().isPresent()) {
            BindOutcome known = plan.foregone().get();
            return new ActionResult("plan: " + known.summary(), succeeded(known), !(known instanceof BindOutcome.AlreadyBound));
        }
        List<String> parts = new ArrayList<>();
        for (DevicePlan device : plan.devices()) {
            String target = device.current().address() + device.chosen().map(c -> " to " + c.driver()).orElse(" back to its host driver");
            String load = device.modules().map(ModuleActions::describe).filter(s -> !s.isEmpty()).map(s -> " after " + s).orElse("");
            parts.add((plan.decision() instanceof Decision.Release ? "release " : "bind ") + target + load);
        }
        for (SysfsWrite write : plan.writes()) {
            parts.add("write " + write.describe(sysfs));
        }
        return ActionResult.done("plan: " + String.join("; ", parts));
    }

    private static boolean succeeded(BindOutcome outcome) {
        return outcome instanceof BindOutcome.Bound || outcome instanceof BindOutcome.AlreadyBound
                || outcome instanceof BindOutcome.Released || outcome instanceof BindOutcome.NotBinding
                || outcome instanceof BindOutcome.Vanished;
    }
}
