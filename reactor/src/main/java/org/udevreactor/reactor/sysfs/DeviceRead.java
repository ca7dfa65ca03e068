package org.udevreactor.reactor.sysfs;

import java.util.Objects;
import java.util.OptionalLong;
import org.udevreactor.rules.DeviceSnapshot;

/** What reading one device directory gave: its snapshot, or that the device is gone. */
public sealed interface DeviceRead {

    /**
     * The device was there for the whole read.
     *
     * @param incarnation its directory's inode number (see {@link DeviceState#incarnation()});
     *                    empty when it was not read from sysfs
     */
    record Present(DeviceSnapshot snapshot, OptionalLong incarnation) implements DeviceRead {
        public Present {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(incarnation, "incarnation");
        }

        public Present(DeviceSnapshot snapshot) {
            this(snapshot, OptionalLong.empty());
        }
    }

    /**
     * The device is not (or no longer) there: removed before or while it was read. Expected for a
     * device unplugged between its uevent and the read, so a value, not an exception.
     *
     * @param detail what was missing, e.g. "/sys/devices/pci0000:00/0000:00:02.0/uevent: ENOENT"
     */
    record Gone(String devpath, String detail) implements DeviceRead {
        public Gone {
            Objects.requireNonNull(devpath, "devpath");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return "device gone: " + devpath + " (" + detail + ")";
        }
    }
}
