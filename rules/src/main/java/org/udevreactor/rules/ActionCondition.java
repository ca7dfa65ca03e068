package org.udevreactor.rules;

import java.util.Set;
import org.udevreactor.netlink.UeventAction;

/** The uevent's action against a set of actions. */
record ActionCondition(String key, Set<UeventAction> actions) implements Condition {
    ActionCondition {
        actions = Set.copyOf(actions);
    }

    @Override
    public boolean test(DeviceSnapshot device) {
        return actions.contains(device.action());
    }

    @Override
    public String observed(DeviceSnapshot device) {
        return device.action().wireName();
    }
}
