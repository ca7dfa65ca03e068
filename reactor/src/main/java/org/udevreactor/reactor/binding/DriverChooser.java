package org.udevreactor.reactor.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.ModuleInfo;
import org.udevreactor.meta.VfioCandidate;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.rules.DriverChoice;

/**
 * Ranks the drivers a device can be bound to. For {@code vfio}: the index's ranking of the
 * modules whose {@code vfio_} + MODALIAS aliases match (a variant first, the generic vfio_pci
 * last). For a named driver: the module of that name ('-' and '_' alike), or the driver as it is
 * registered when the index has no such module (built in).
 *
 * <p>A driver's name is what its module registers, read from {@code /sys/module/M/drivers/pci:NAME}
 * once the module is loaded. Before that it is expected to be the module's name, except for the
 * few drivers that spell theirs with '-'.
 */
final class DriverChooser {
    /** Modules whose PCI driver is not named after them (drivers/vfio/pci/vfio_pci.c, drivers/pci/pci-stub.c). */
    private static final Map<String, String> DRIVER_NAMES = Map.of("vfio_pci", "vfio-pci", "pci_stub", "pci-stub");

    private final ModuleIndex index;
    private final PciSysfs pci;

    DriverChooser(ModuleIndex index, PciSysfs pci) {
        this.index = index;
        this.pci = pci;
    }

    List<DriverCandidate> candidates(PciFunction device, DriverChoice choice) throws SysfsException {
        List<DriverCandidate> candidates = new ArrayList<>();
        if (choice instanceof DriverChoice.Named named) {
            Optional<ModuleInfo> module = index.module(named.driver());
            if (pci.driverRegistered(named.driver())) {
                candidates.add(new DriverCandidate(module.map(ModuleInfo::name), named.driver(), true, "named by the rule; registered"));
            } else if (module.isPresent()) {
                candidates.add(new DriverCandidate(Optional.of(module.get().name()), named.driver(), true,
                        "named by the rule; module " + module.get().name() + " provides it"));
            }
            return candidates;
        }
        for (VfioCandidate variant : index.vfioVariants(device.modalias()).ranked()) {
            candidates.add(candidate(variant.module(), "alias " + variant.pattern() + " matches (" + variant.literalBytes()
                    + " literal bytes" + (variant.builtin() ? ", built in" : "") + ")"));
        }
        if (candidates.isEmpty() && pci.driverRegistered("vfio-pci")) {
            candidates.add(new DriverCandidate(Optional.empty(), "vfio-pci", true, "registered; the index has no vfio alias for the device"));
        }
        return candidates;
    }

    /** Whether binding {@code candidate} must give the device a vfio-dev node. */
    boolean isVfio(PciFunction device, DriverChoice choice, DriverCandidate candidate) {
        if (choice instanceof DriverChoice.BestVfio || candidate.driver().equals("vfio-pci")) {
            return true;
        }
        return candidate.module().isPresent() && index.vfioVariants(device.modalias()).ranked().stream()
                .anyMatch(v -> v.module().equals(candidate.module().get()));
    }

    /** The candidate again, its driver name read from sysfs now (after its module was loaded). */
    DriverCandidate confirm(DriverCandidate candidate) throws SysfsException {
        if (candidate.driverConfirmed() || candidate.module().isEmpty()) {
            return candidate;
        }
        return candidate(candidate.module().get(), candidate.why());
    }

    private DriverCandidate candidate(String module, String why) throws SysfsException {
        List<String> registered = pci.moduleDrivers(module);
        if (!registered.isEmpty()) {
            return new DriverCandidate(Optional.of(module), registered.get(0), true, why);
        }
        return new DriverCandidate(Optional.of(module), DRIVER_NAMES.getOrDefault(module, module), false, why);
    }
}
