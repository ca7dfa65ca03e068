package org.udevreactor.reactor.sysfs;

import java.util.Objects;

/**
 * One write to a sysfs attribute, planned or made: where, exactly what, and why. The binder's
 * plan is a list of these and its apply makes exactly those writes, so what {@code reactor
 * explain} prints is what binding does.
 *
 * @param path  below the sysfs root, with a leading slash: {@code /bus/pci/drivers_probe}
 * @param value the bytes written, as text; {@code "\n"} clears a {@code driver_override} (an empty
 *              write never reaches the kernel's store function)
 * @param why   one short clause, e.g. "only vfio-pci may bind 0000:00:03.0"
 */
public record SysfsWrite(String path, String value, String why) {
    public SysfsWrite {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(why, "why");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("sysfs write path must start with '/': " + path);
        }
    }

    /** The value as a shell would spell it: quoted, with a newline as \n. */
    public String quotedValue() {
        return "\"" + value.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }

    /** {@code echo}-like: {@code "vfio-pci" > /sys/bus/pci/devices/0000:00:03.0/driver_override  (why)}, under this root. */
    public String describe(SysfsRoot root) {
        return quotedValue() + " > " + root.resolve(path) + "  (" + why + ")";
    }
}
