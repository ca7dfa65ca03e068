package org.udevreactor.rules;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A complete, validated policy: every rule of every file, in precedence order (files by name,
 * then rules as written). Only {@link PolicyLoader} makes one from files, so a Policy is never
 * the partial result of a broken set.
 *
 * @param files the files the rules came from, in the order read (empty files included)
 */
public record Policy(List<Rule> rules, List<Path> files) {
    public static final Policy EMPTY = new Policy(List.of(), List.of());

    public Policy {
        rules = List.copyOf(rules);
        files = List.copyOf(files);
    }

    /** The decision for one device: the first rule that matches and is not excluded decides. */
    public Decision decide(DeviceSnapshot device) {
        return Decider.decide(this, device);
    }

    /**
     * Whether deciding for this device, as its uevent describes it, needs what only sysfs tells
     * (its driver link, attributes, boot_vga): false when every rule that could decide is settled
     * by the event's own facts, so the daemon may decide without reading the device.
     */
    public boolean needsSysfs(DeviceSnapshot fromEvent) {
        return Decider.needsSysfs(this, fromEvent);
    }

    /** The sysfs attributes some rule matches on, for the daemon to read into {@link DeviceSnapshot#attributes()}. */
    public Set<String> attributeNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Rule rule : rules) {
            for (Match m : List.of(rule.match(), rule.exclude())) {
                for (Condition c : m.conditions()) {
                    if (c instanceof TextCondition t && t.field() == TextField.ATTRIBUTE) {
                        names.add(t.name());
                    }
                }
            }
        }
        return Set.copyOf(names);
    }
}
