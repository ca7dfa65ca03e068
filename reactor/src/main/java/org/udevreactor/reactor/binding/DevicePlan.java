package org.udevreactor.reactor.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/**
 * What binding (or releasing) one function takes: the device as it is, the ranked drivers and the
 * chosen one, the modules to load first, and its writes. A bind with {@code iommu_group = "whole"}
 * has one of these per endpoint of the group.
 *
 * @param chosen     empty for a release (the kernel picks the host driver) or when no driver fits
 * @param modules    the load plan of the chosen driver's module, or for a release of the host
 *                   driver's modules (by the device's MODALIAS); empty when nothing is to load
 * @param expectVfio verify also demands {@code vfio-dev/vfioN}
 * @param done       already as asked: no writes
 */
public record DevicePlan(PciFunction current, List<DriverCandidate> candidates, Optional<DriverCandidate> chosen,
                         Optional<LoadPlan> modules, boolean expectVfio, boolean done, List<SysfsWrite> writes) {
    public DevicePlan {
        Objects.requireNonNull(current, "current");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(modules, "modules");
        writes = List.copyOf(writes);
    }
}
