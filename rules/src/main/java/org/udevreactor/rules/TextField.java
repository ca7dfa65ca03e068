package org.udevreactor.rules;

import java.util.Optional;

/** The string-valued facts a glob is matched against. */
enum TextField {
    SUBSYSTEM, MODALIAS, ADDRESS, DRIVER, PROPERTY, ATTRIBUTE;

    /**
     * The value, or empty when the device has none. An unbound device's driver is the empty
     * string, so {@code driver = ""} matches exactly the unbound devices.
     */
    Optional<String> of(DeviceSnapshot device, String name) {
        switch (this) {
            case SUBSYSTEM: return Optional.of(device.subsystem());
            case MODALIAS: return device.modalias();
            case ADDRESS: return device.pci().map(PciIdentity::address);
            case DRIVER: return Optional.of(device.driver().orElse(""));
            case PROPERTY: return Optional.ofNullable(device.properties().get(name));
            case ATTRIBUTE: return Optional.ofNullable(device.attributes().get(name));
            default: throw new AssertionError(this);
        }
    }
}
