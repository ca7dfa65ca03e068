package org.udevreactor.reactor.pci;

import java.util.Locale;

/**
 * A PCI function's address as the kernel names it (drivers/pci/probe.c, {@code "%04x:%02x:%02x.%d"}):
 * domain, bus, device (slot) and function, e.g. {@code 0000:01:00.0}. Parsing also takes lspci's
 * short form without the domain ({@code 01:00.0} is domain 0) and either letter case; the
 * canonical form is always lower case with the domain.
 *
 * @param domain   0..0xffffffff in principle; 4 hex digits on most machines, more behind a VMD
 *                 controller ({@code 10000:e0:1d.0})
 * @param bus      0..0xff
 * @param device   0..0x1f
 * @param function 0..7
 */
public record PciAddress(long domain, int bus, int device, int function) implements Comparable<PciAddress> {

    public PciAddress {
        if (domain < 0 || domain > 0xffffffffL) {
            throw new IllegalArgumentException("PCI domain out of range 0..ffffffff: " + Long.toHexString(domain));
        }
        if (bus < 0 || bus > 0xff) {
            throw new IllegalArgumentException("PCI bus out of range 0..ff: " + Integer.toHexString(bus));
        }
        if (device < 0 || device > 0x1f) {
            throw new IllegalArgumentException("PCI device out of range 0..1f: " + Integer.toHexString(device));
        }
        if (function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI function out of range 0..7: " + function);
        }
    }

    /**
     * Parses {@code DDDD:BB:DD.F} or {@code BB:DD.F}; the message of the exception quotes the input
     * and says which part is wrong.
     */
    public static PciAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty PCI address (expected DDDD:BB:DD.F, e.g. 0000:01:00.0)");
        }
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw bad(text, "expected DDDD:BB:DD.F or BB:DD.F");
        }
        long domain = 0;
        if (parts.length == 3) {
            domain = hex(text, "domain", parts[0], 4, 8);
        }
        String busPart = parts[parts.length - 2];
        String slot = parts[parts.length - 1];
        int bus = (int) hex(text, "bus", busPart, 2, 2);
        int dot = slot.indexOf('.');
        if (dot < 0) {
            throw bad(text, "no '.' before the function number");
        }
        int device = (int) hex(text, "device", slot.substring(0, dot), 2, 2);
        String functionPart = slot.substring(dot + 1);
        if (functionPart.length() != 1 || functionPart.charAt(0) < '0' || functionPart.charAt(0) > '7') {
            throw bad(text, "function must be one digit 0-7, not \"" + functionPart + "\"");
        }
        if (device > 0x1f) {
            throw bad(text, "device must be 00-1f");
        }
        return new PciAddress(domain, bus, device, functionPart.charAt(0) - '0');
    }

    private static long hex(String text, String what, String digits, int minLength, int maxLength) {
        if (digits.length() < minLength || digits.length() > maxLength) {
            throw bad(text, what + " must be " + (minLength == maxLength ? minLength : minLength + "-" + maxLength)
                    + " hex digits, not \"" + digits + "\"");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                throw bad(text, what + " \"" + digits + "\" is not hexadecimal");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad PCI address \"" + text + "\": " + why);
    }

    @Override
    public int compareTo(PciAddress other) {
        int c = Long.compare(domain, other.domain);
        if (c == 0) {
            c = Integer.compare(bus, other.bus);
        }
        if (c == 0) {
            c = Integer.compare(device, other.device);
        }
        return c != 0 ? c : Integer.compare(function, other.function);
    }

    /** The kernel's name: {@code 0000:01:00.0}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%02x:%02x.%d", domain, bus, device, function);
    }
}
