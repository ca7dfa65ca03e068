package org.udevreactor.rules;

import java.util.List;

/** The PCI class against a list of {@link ClassPattern}s; a device that is not PCI never matches. */
record ClassCondition(String key, List<ClassPattern> patterns) implements Condition {
    ClassCondition {
        patterns = List.copyOf(patterns);
    }

    @Override
    public boolean test(DeviceSnapshot device) {
        return device.pci().map(p -> patterns.stream().anyMatch(c -> c.matches(p.classCode()))).orElse(false);
    }

    @Override
    public String observed(DeviceSnapshot device) {
        return device.pci().map(p -> "0x" + sixDigits(p.classCode())).orElse("(not PCI)");
    }

    static String sixDigits(int classCode) {
        return String.format("%06x", classCode);
    }
}
