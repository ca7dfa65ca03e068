package org.udevreactor.rules;

/** One test of a {@code match} or {@code exclude} table, for one key. */
public sealed interface Condition permits TextCondition, PciIdCondition, ClassCondition, BootVgaCondition, ActionCondition {

    /** The key as written under match/exclude, e.g. {@code vendor} or {@code properties.ID_NET_NAME}. */
    String key();

    boolean test(DeviceSnapshot device);

    /** The device's value for this key as it was compared, for reasons and explain output. */
    String observed(DeviceSnapshot device);

    /**
     * Whether this tests a fact the daemon reads from sysfs rather than taking from the uevent:
     * the driver (the {@code driver} link, which DRIVER= only copies as of the event), an
     * attribute, or boot_vga.
     */
    default boolean readsSysfs() {
        return false;
    }
}
