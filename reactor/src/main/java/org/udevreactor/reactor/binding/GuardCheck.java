package org.udevreactor.reactor.binding;

import java.util.Objects;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.Guard;

/**
 * One safety guard checked on one device.
 *
 * @param tripped the guard forbids unbinding this device (unless the rule forces it)
 * @param detail  what was found, e.g. "nvme0n1p2 (259:2) is mounted on /"
 */
public record GuardCheck(Guard guard, PciAddress device, boolean tripped, String detail) {
    public GuardCheck {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return guard.name().toLowerCase(java.util.Locale.ROOT) + " " + device + ": " + (tripped ? "TRIPPED, " : "clear, ") + detail;
    }
}
