package org.udevreactor.rules;

/**
 * The PCI {@code boot_vga} attribute: {@code true} matches a device whose boot_vga reads 1;
 * {@code false} matches 0 and also a device without the attribute (every non-VGA device).
 */
record BootVgaCondition(String key, boolean wanted) implements Condition {
    @Override
    public boolean test(DeviceSnapshot device) {
        return device.bootVga().orElse(false) == wanted;
    }

    @Override
    public boolean readsSysfs() {
        return true;
    }

    @Override
    public String observed(DeviceSnapshot device) {
        return device.bootVga().map(b -> b ? "1" : "0").orElse("(none)");
    }
}
