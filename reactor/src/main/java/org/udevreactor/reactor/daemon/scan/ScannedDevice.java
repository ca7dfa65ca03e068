package org.udevreactor.reactor.daemon.scan;

import java.util.Objects;

/** A device found in sysfs: its devpath and subsystem (the {@code subsystem} link's name). */
public record ScannedDevice(String devpath, String subsystem) {
    public ScannedDevice {
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(subsystem, "subsystem");
    }
}
