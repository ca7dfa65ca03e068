package org.udevreactor.netlink;

import java.util.Optional;

/** The actions the kernel sends (lib/kobject_uevent.c, kobject_actions[]). */
public enum UeventAction {
    ADD, REMOVE, CHANGE, MOVE, ONLINE, OFFLINE, BIND, UNBIND;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name as it appears on the wire and in sysfs ("add", "remove", ...). */
    public String wireName() {
        return wireName;
    }

    /** An action the kernel does not define (or that a newer kernel added) is empty, not an exception. */
    public static Optional<UeventAction> fromWire(String name) {
        // Hand-rolled switch: this runs once per received event and valueOf() would need upper-casing.
        switch (name) {
            case "add": return Optional.of(ADD);
            case "remove": return Optional.of(REMOVE);
            case "change": return Optional.of(CHANGE);
            case "move": return Optional.of(MOVE);
            case "online": return Optional.of(ONLINE);
            case "offline": return Optional.of(OFFLINE);
            case "bind": return Optional.of(BIND);
            case "unbind": return Optional.of(UNBIND);
            default: return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return wireName;
    }
}
