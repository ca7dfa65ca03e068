package org.udevreactor.reactor.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.meta.VfioRanking;
import org.udevreactor.reactor.binding.BindPlan;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;

/**
 * Everything {@code reactor explain} found out about one device or modalias, nothing written.
 *
 * @param names       the device's PCI ids with their names; empty for a non-PCI device or a bare modalias
 * @param modulePlans what would be loaded: the bind's driver module, the rule's modules, or the
 *                    MODALIAS autoload; empty with {@code noModulesBecause} saying why
 * @param bind        the binder's plan, for a PCI device
 * @param ranking     for a bare modalias that a rule sends to VFIO: the index's ranked VFIO drivers
 * @param notes       what could not be worked out, and why
 */
record Explanation(String target, DeviceSnapshot device, Optional<PciNames> names, Decision decision, List<LoadPlan> modulePlans,
                   Optional<String> noModulesBecause, Optional<BindPlan> bind, Optional<VfioRanking> ranking, List<String> notes) {
    Explanation {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(decision, "decision");
        modulePlans = List.copyOf(modulePlans);
        Objects.requireNonNull(noModulesBecause, "noModulesBecause");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(ranking, "ranking");
        notes = List.copyOf(notes);
    }

    /** A bare modalias: the device facts are only what that string says (no devpath). */
    boolean modaliasOnly() {
        return device.devpath().isEmpty();
    }
}
