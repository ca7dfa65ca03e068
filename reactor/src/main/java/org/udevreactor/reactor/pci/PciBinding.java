package org.udevreactor.reactor.pci;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a PCI function now: the three things a bind or release is verified by, read without
 * the rest of {@link PciFunction} (ids, group, SR-IOV), because verification polls them.
 *
 * @param driver         the {@code driver} link's name; empty when unbound
 * @param driverOverride the {@code driver_override} file; empty when it reads "(null)"
 * @param vfioDevices    the entries of {@code vfio-dev/}
 */
public record PciBinding(Optional<String> driver, Optional<String> driverOverride, List<String> vfioDevices) {
    public PciBinding {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(driverOverride, "driverOverride");
        vfioDevices = List.copyOf(vfioDevices);
    }

    /** The same three facts out of a full read. */
    public static PciBinding of(PciFunction function) {
        return new PciBinding(function.driver(), function.driverOverride(), function.vfioDevices());
    }
}
