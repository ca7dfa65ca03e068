package org.udevreactor.rules;

import java.util.Objects;

/** Which driver a bind is for. */
public sealed interface DriverChoice {

    /** {@code action = "vfio"}: the best-ranked VFIO variant driver the module index finds for the device, else vfio-pci. */
    record BestVfio() implements DriverChoice {
        @Override
        public String toString() {
            return "vfio (best variant, else vfio-pci)";
        }
    }

    /** {@code action = "bind"}: exactly this PCI driver, e.g. pci-stub or vfio-pci. */
    record Named(String driver) implements DriverChoice {
        public Named {
            Objects.requireNonNull(driver, "driver");
        }

        @Override
        public String toString() {
            return driver;
        }
    }
}
