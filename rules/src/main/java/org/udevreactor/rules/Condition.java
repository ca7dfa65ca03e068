package org.udevreactor.rules;

/** One test of a {@code match} or {@code exclude} table, for one key. */
public sealed interface Condition permits TextCondition, PciIdCondition, ClassCondition, BootVgaCondition, ActionCondition {

    /** The key as written under match/exclude, e.g. {@code vendor} or {@code properties.ID_NET_NAME}. */
    String key();

    boolean test(DeviceSnapshot device);

    /** The device's value for this key as it was compared, for reasons and explain output. */
    String observed(DeviceSnapshot device);
}
