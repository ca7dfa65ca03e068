package org.udevreactor.reactor.binding;

import java.util.Objects;
import java.util.Optional;

/**
 * A driver the device could be bound to.
 *
 * @param module          the module that provides it; empty for a driver registered without a
 *                        module the index knows (built into the kernel)
 * @param driver          the PCI driver's name, what {@code driver_override} takes
 * @param driverConfirmed the name is known: named by the rule, or read from
 *                        {@code /sys/module/M/drivers/pci:NAME}; false when the module is not
 *                        loaded yet and the name is the expected one, read again after loading
 * @param why             why it is a candidate, e.g. the vfio alias that matched
 */
public record DriverCandidate(Optional<String> module, String driver, boolean driverConfirmed, String why) {
    public DriverCandidate {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(why, "why");
    }

    @Override
    public String toString() {
        return driver + module.map(m -> " (module " + m + ")").orElse("") + (driverConfirmed ? "" : " [name expected until loaded]")
                + ": " + why;
    }
}
