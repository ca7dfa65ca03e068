package org.udevreactor.rules;

import java.util.List;
import java.util.Optional;

/**
 * The conditions of one {@code match} or {@code exclude} table. A match table needs every
 * condition to hold; an exclude table vetoes the rule as soon as any one condition holds.
 */
public record Match(List<Condition> conditions) {
    public static final Match NOTHING = new Match(List.of());

    public Match {
        conditions = List.copyOf(conditions);
    }

    /** True when every condition holds (vacuously true for an empty table). */
    boolean all(DeviceSnapshot device) {
        return conditions.stream().allMatch(c -> c.test(device));
    }

    /** The first condition that holds, if any (never one of an empty table). */
    Optional<Condition> first(DeviceSnapshot device) {
        return conditions.stream().filter(c -> c.test(device)).findFirst();
    }
}
