package org.udevreactor.reactor.overrides;

import java.util.Objects;

/**
 * What an override binds a device to, as the command line says it: {@code vfio} (the best VFIO
 * variant driver, else vfio-pci; a policy rule's {@code action = "vfio"}) or a PCI driver's name
 * ({@code action = "bind"}, e.g. pci-stub).
 */
public record OverrideTarget(String driver) {
    public static final String VFIO = "vfio";

    public OverrideTarget {
        Objects.requireNonNull(driver, "driver");
    }

    public boolean isVfio() {
        return driver.equals(VFIO);
    }

    /** The rule's action keys. The driver name is validated by the policy loader, like any rule's. */
    String tomlAction() {
        return isVfio() ? "action = \"vfio\"\n" : "action = \"bind\"\ndriver = " + TomlStrings.quote(driver) + "\n";
    }

    @Override
    public String toString() {
        return driver;
    }
}
