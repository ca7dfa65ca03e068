package org.udevreactor.rules;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel says a PCI function is, from its uevent (drivers/pci/pci-driver.c, pci_uevent):
 * {@code PCI_ID=VVVV:DDDD}, {@code PCI_SUBSYS_ID=VVVV:DDDD}, {@code PCI_CLASS} (the 24-bit class
 * code in hex without leading zeros, e.g. {@code 30000}) and {@code PCI_SLOT_NAME}.
 *
 * @param classCode class, subclass and programming interface, {@code 0xCCSSPP}
 * @param address   the domain:bus:device.function name, e.g. {@code 0000:01:00.0}
 */
public record PciIdentity(int vendor, int device, int subvendor, int subdevice, int classCode, String address) {
    public PciIdentity {
        Objects.requireNonNull(address, "address");
    }

    /**
     * Reads the four properties; empty when any is missing or malformed (the kernel always sends
     * all four for a PCI device, so a partial set is not a PCI uevent to trust).
     */
    public static Optional<PciIdentity> fromProperties(Map<String, String> properties) {
        int[] ids = pair(properties.get("PCI_ID"));
        int[] subsys = pair(properties.get("PCI_SUBSYS_ID"));
        int classCode = hex(properties.get("PCI_CLASS"), 6);
        String address = properties.get("PCI_SLOT_NAME");
        if (ids == null || subsys == null || classCode < 0 || address == null || address.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PciIdentity(ids[0], ids[1], subsys[0], subsys[1], classCode, address));
    }

    private static int[] pair(String value) {
        if (value == null) {
            return null;
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return null;
        }
        int first = hex(value.substring(0, colon), 4);
        int second = hex(value.substring(colon + 1), 4);
        return first < 0 || second < 0 ? null : new int[] {first, second};
    }

    /** The value of 1..maxDigits hex digits, or -1. */
    private static int hex(String value, int maxDigits) {
        if (value == null || value.isEmpty() || value.length() > maxDigits) {
            return -1;
        }
        int result = 0;
        for (int i = 0; i < value.length(); i++) {
            int digit = Character.digit(value.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            result = result * 16 + digit;
        }
        return result;
    }
}
