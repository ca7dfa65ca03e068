package org.udevreactor.rules;

import java.util.List;
import java.util.function.ToIntFunction;

/** One of the four 16-bit PCI ids against a list of values; a device that is not PCI never matches. */
record PciIdCondition(String key, List<Integer> ids) implements Condition {
    PciIdCondition {
        ids = List.copyOf(ids);
        field(key);
    }

    @Override
    public boolean test(DeviceSnapshot device) {
        ToIntFunction<PciIdentity> f = field(key);
        return device.pci().map(p -> ids.contains(f.applyAsInt(p))).orElse(false);
    }

    @Override
    public String observed(DeviceSnapshot device) {
        ToIntFunction<PciIdentity> f = field(key);
        return device.pci().map(p -> String.format("%04x", f.applyAsInt(p))).orElse("(not PCI)");
    }

    static ToIntFunction<PciIdentity> field(String key) {
        switch (key) {
            case "vendor": return PciIdentity::vendor;
            case "device": return PciIdentity::device;
            case "subvendor": return PciIdentity::subvendor;
            case "subdevice": return PciIdentity::subdevice;
            default: throw new IllegalArgumentException("not a PCI id key: " + key);
        }
    }
}
