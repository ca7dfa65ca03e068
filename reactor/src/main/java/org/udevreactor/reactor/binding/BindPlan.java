package org.udevreactor.reactor.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;

/**
 * What {@link Binder#apply} would do for one device and decision, worked out by reading only:
 * {@code reactor explain} and a dry run print it.
 *
 * @param devices  the device first, then group members bound along ({@code iommu_group = "whole"})
 * @param group    empty for a release, or when the plan stopped before looking
 * @param guards   every guard checked on every device to be unbound (also when forced)
 * @param writes   the exact writes, in order: each device's override, unbind and probe, then
 *                 the SR-IOV writes
 * @param foregone the outcome when it is known without writing anything: refused, already
 *                 bound, gone, not a binding decision, no driver to bind
 */
public record BindPlan(PciAddress address, Decision decision, List<DevicePlan> devices, Optional<GroupVerdict> group,
                       List<GuardCheck> guards, List<SysfsWrite> writes, Optional<BindOutcome> foregone) {
    public BindPlan {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(decision, "decision");
        devices = List.copyOf(devices);
        Objects.requireNonNull(group, "group");
        guards = List.copyOf(guards);
        writes = List.copyOf(writes);
        Objects.requireNonNull(foregone, "foregone");
    }

    /** The plan of the device itself; empty when it could not be read (gone). */
    public Optional<DevicePlan> target() {
        return devices.isEmpty() ? Optional.empty() : Optional.of(devices.get(0));
    }

    static BindPlan settled(PciAddress address, Decision decision, List<DevicePlan> devices, Optional<GroupVerdict> group,
                            List<GuardCheck> guards, BindOutcome outcome) {
        return new BindPlan(address, decision, devices, group, guards, List.of(), Optional.of(outcome));
    }
}
