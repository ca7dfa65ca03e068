package org.udevreactor.reactor.binding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciBinding;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.pci.PciWrites;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/**
 * One run of a plan's writes: in order, each device's then the SR-IOV ones; then verification
 * of every device; on any failure, the rollback of every device touched so far, in reverse:
 * its old {@code driver_override} back, off whatever driver holds it now, re-probed so its old
 * driver takes it again (and the SR-IOV attributes back).
 */
final class BindExecution {
    private final PciSysfs pci;
    private final LoaderClock clock;
    private final Binder.Settings settings;
    private final List<SysfsWrite> made = new ArrayList<>();
    /** Devices written to, in the order first touched, with their state before. */
    private final Map<PciAddress, PciFunction> touched = new LinkedHashMap<>();

    BindExecution(PciSysfs pci, LoaderClock clock, Binder.Settings settings) {
        this.pci = pci;
        this.clock = clock;
        this.settings = settings;
    }

    BindOutcome run(BindPlan plan, boolean release) throws InterruptedException {
        PciAddress address = plan.address();
        int own = 0;
        for (DevicePlan device : plan.devices()) {
            own += device.writes().size();
            for (SysfsWrite write : device.writes()) {
                Optional<BindOutcome> failed = write(plan, device.current(), write);
                if (failed.isPresent()) {
                    return failed.get();
                }
            }
        }
        // SR-IOV writes come after the binding, on the device itself.
        for (SysfsWrite write : plan.writes().subList(own, plan.writes().size())) {
            Optional<BindOutcome> failed = write(plan, plan.devices().get(0).current(), write);
            if (failed.isPresent()) {
                return failed.get();
            }
        }
        List<BindOutcome.BoundDevice> bound = new ArrayList<>();
        for (DevicePlan device : plan.devices()) {
            if (device.done()) {
                continue;
            }
            Verified verified = release ? verifyReleased(device) : verifyBound(device);
            if (verified.gone) {
                return vanished(plan, "verify " + device.current().address(), verified.seen);
            }
            if (!verified.ok) {
                return failure(plan, "verify " + device.current().address() + (release ? " released" : " bound to "
                        + device.chosen().map(DriverCandidate::driver).orElse("?")), verified.seen);
            }
            if (!release) {
                bound.add(new BindOutcome.BoundDevice(device.current().address(), verified.now.driver().orElseThrow(),
                        device.chosen().flatMap(DriverCandidate::module),
                        verified.now.vfioDevices().stream().findFirst()));
            } else {
                return sriovChecked(plan, new BindOutcome.Released(address, verified.now.driver(), made, Duration.ZERO));
            }
        }
        if (release) {
            return sriovChecked(plan, new BindOutcome.Released(address, plan.devices().get(0).current().driver(), made, Duration.ZERO));
        }
        if (bound.isEmpty()) {
            // Only SR-IOV writes: the device was already on its driver.
            PciFunction target = plan.devices().get(0).current();
            bound.add(new BindOutcome.BoundDevice(address, plan.devices().get(0).chosen().map(DriverCandidate::driver).orElseThrow(),
                    plan.devices().get(0).chosen().flatMap(DriverCandidate::module), target.vfioDevices().stream().findFirst()));
        }
        return sriovChecked(plan, new BindOutcome.Bound(address, bound, made, Duration.ZERO));
    }

    private Optional<BindOutcome> write(BindPlan plan, PciFunction before, SysfsWrite write) {
        touched.putIfAbsent(before.address(), before);
        try {
            pci.write(write);
            made.add(write);
            return Optional.empty();
        } catch (SysfsException e) {
            String step = "write " + write.quotedValue() + " to " + write.path();
            if (e.isGone() && !isThere(pci, plan.address())) {
                return Optional.of(vanished(plan, step, e.errno()));
            }
            return Optional.of(failure(plan, step, e.errno()));
        }
    }

    /** The SR-IOV count the plan set, read back. */
    private BindOutcome sriovChecked(BindPlan plan, BindOutcome success) {
        Optional<Integer> wanted = plan.writes().stream().filter(w -> w.path().endsWith("/sriov_numvfs"))
                .reduce((a, b) -> b).map(w -> Integer.parseInt(w.value()));
        if (wanted.isEmpty()) {
            return success;
        }
        try {
            PciFunction now = pci.function(plan.address());
            if (now.sriovNumVfs().orElse(-1) != wanted.get()) {
                return failure(plan, "verify sriov_numvfs of " + plan.address(), "reads " + now.sriovNumVfs().orElse(-1)
                        + ", not " + wanted.get());
            }
            return success;
        } catch (SysfsException e) {
            return e.isGone() ? vanished(plan, "verify sriov_numvfs", e.errno()) : failure(plan, "verify sriov_numvfs", e.getMessage());
        }
    }

    private record Verified(boolean ok, boolean gone, String seen, PciBinding now) {
    }

    private Verified verifyBound(DevicePlan device) throws InterruptedException {
        String driver = device.chosen().orElseThrow().driver();
        return poll(device.current().address(), now -> now.driver().equals(Optional.of(driver))
                && (!device.expectVfio() || !now.vfioDevices().isEmpty()));
    }

    /** Override cleared, and not held by the driver it was forced to any more. */
    private Verified verifyReleased(DevicePlan device) throws InterruptedException {
        Optional<String> forced = device.current().driverOverride();
        return poll(device.current().address(), now -> now.driverOverride().isEmpty()
                && (forced.isEmpty() || !now.driver().equals(forced)));
    }

    /** Polls only who holds the function (driver, override, vfio-dev): the rest of it does not change in a bind. */
    private Verified poll(PciAddress address, java.util.function.Predicate<PciBinding> wanted) throws InterruptedException {
        long deadline = clock.nanoTime() + settings.verifyTimeout().toNanos();
        while (true) {
            PciBinding now;
            try {
                now = pci.binding(address);
            } catch (SysfsException e) {
                return new Verified(false, e.isGone(), e.getMessage(), null);
            }
            if (wanted.test(now)) {
                return new Verified(true, false, "", now);
            }
            if (clock.nanoTime() - deadline >= 0) {
                return new Verified(false, false, describe(now) + " after " + settings.verifyTimeout().toMillis()
                        + " ms (a failed probe leaves it so; dmesg says why)", now);
            }
            clock.sleep(settings.pollInterval());
        }
    }

    private static String describe(PciBinding now) {
        return "driver link → " + now.driver().orElse("none") + ", vfio-dev " + (now.vfioDevices().isEmpty() ? "missing"
                : now.vfioDevices().get(0)) + ", driver_override " + now.driverOverride().orElse("(null)");
    }

    private BindOutcome failure(BindPlan plan, String step, String cause) {
        if (!isThere(pci, plan.address())) {
            return vanished(plan, step, cause);
        }
        Rollback rollback = rollBack();
        return new BindOutcome.Failed(plan.address(), step, cause, rollback.complete, rollback.summary(), Duration.ZERO);
    }

    private BindOutcome vanished(BindPlan plan, String step, String cause) {
        Rollback rollback = rollBack();
        return new BindOutcome.Vanished(plan.address(), "removed during \"" + step + "\" (" + cause + "); " + rollback.summary(),
                Duration.ZERO);
    }

    private record Rollback(boolean complete, List<String> notes) {
        String summary() {
            return (complete ? "rolled back: " : "ROLLBACK INCOMPLETE: ") + (notes.isEmpty() ? "nothing was written" : String.join("; ", notes));
        }
    }

    private Rollback rollBack() {
        List<PciFunction> devices = new ArrayList<>(touched.values());
        java.util.Collections.reverse(devices);
        boolean complete = true;
        List<String> notes = new ArrayList<>();
        for (PciFunction before : devices) {
            PciAddress address = before.address();
            try {
                PciFunction now = pci.function(address);
                if (!now.driverOverride().equals(before.driverOverride())) {
                    pci.write(before.driverOverride().isPresent()
                            ? PciWrites.setOverride(address, before.driverOverride().get(), "rollback")
                            : PciWrites.clearOverride(address, "rollback"));
                }
                if (!now.driver().equals(before.driver())) {
                    if (now.driver().isPresent()) {
                        pci.write(PciWrites.unbind(address, now.driver().get(), "rollback"));
                    }
                    if (before.driver().isPresent()) {
                        pci.write(PciWrites.probe(address, "rollback"));
                    }
                }
                restoreSriov(before, now);
                PciFunction after = pci.function(address);
                if (after.driver().equals(before.driver()) && after.driverOverride().equals(before.driverOverride())) {
                    notes.add(address + " back on " + before.driver().orElse("no driver"));
                } else {
                    complete = false;
                    notes.add(address + " is on " + after.driver().orElse("no driver") + " with driver_override "
                            + after.driverOverride().orElse("(null)") + ", was on " + before.driver().orElse("no driver")
                            + " with " + before.driverOverride().orElse("(null)"));
                }
            } catch (SysfsException e) {
                if (e.isGone() && !isThere(pci, address)) {
                    notes.add(address + " gone, nothing left to restore");
                } else {
                    complete = false;
                    notes.add(address + ": " + e.getMessage());
                }
            }
        }
        return new Rollback(complete, notes);
    }

    private void restoreSriov(PciFunction before, PciFunction now) throws SysfsException {
        PciAddress address = before.address();
        int wasVfs = before.sriovNumVfs().orElse(0);
        int isVfs = now.sriovNumVfs().orElse(0);
        if (before.sriovNumVfs().isPresent() && isVfs != wasVfs) {
            if (isVfs != 0) {
                pci.write(PciWrites.sriovNumvfs(address, 0, "rollback"));
            }
            if (wasVfs != 0) {
                pci.write(PciWrites.sriovNumvfs(address, wasVfs, "rollback"));
            }
        }
        if (before.sriovDriversAutoprobe().isPresent() && !Objects.equals(before.sriovDriversAutoprobe(), now.sriovDriversAutoprobe())) {
            pci.write(PciWrites.sriovDriversAutoprobe(address, before.sriovDriversAutoprobe().get(), "rollback"));
        }
    }

    /** The function is on the bus (a read failing for another reason counts as there: not gone). */
    static boolean isThere(PciSysfs pci, PciAddress address) {
        try {
            pci.function(address);
            return true;
        } catch (SysfsException e) {
            return !e.isGone();
        }
    }
}
