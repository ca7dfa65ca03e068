package org.udevreactor.reactor.pci;

import java.util.Objects;
import java.util.Optional;

/**
 * A device below a PCI function in sysfs (a disk behind a storage controller, a partition, a
 * device-mapper volume holding it, a network interface), as the safety guards need them.
 *
 * @param subsystem  {@code block}, {@code net}, ...
 * @param name       {@code sda1}, {@code dm-0}, {@code ens2}
 * @param majorMinor the {@code dev} file ({@code 8:1}); empty for devices without a node (net)
 */
public record ChildDevice(String subsystem, String name, Optional<String> majorMinor) {
    public ChildDevice {
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(majorMinor, "majorMinor");
    }
}
