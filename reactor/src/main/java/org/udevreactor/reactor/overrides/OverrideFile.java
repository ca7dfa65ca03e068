package org.udevreactor.reactor.overrides;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.pci.PciAddress;

/**
 * A persistent override on disk: the drop-in file {@code reactor set-override} wrote for one PCI
 * function, and what it binds the function to.
 *
 * @param target empty when the file no longer holds exactly one override rule (edited by hand)
 */
public record OverrideFile(PciAddress address, Path file, Optional<OverrideTarget> target) {
    public OverrideFile {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(target, "target");
    }
}
