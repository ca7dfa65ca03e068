package org.udevreactor.reactor.sysfs;

import java.util.Objects;
import java.util.Optional;

/**
 * What a rescan compares of a device that is both present and registered: the driver bound now,
 * and which incarnation of the device this is.
 *
 * @param driver      the {@code driver} link's name; empty when unbound
 * @param incarnation the inode number of the device's directory: the kernel numbers every sysfs
 *                    directory it creates anew (kernfs never reuses a number soon), so a device
 *                    removed and added again at the same devpath has another one
 */
public record DeviceState(Optional<String> driver, long incarnation) {
    public DeviceState {
        Objects.requireNonNull(driver, "driver");
    }
}
