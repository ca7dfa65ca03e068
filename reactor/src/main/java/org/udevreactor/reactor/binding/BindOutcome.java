package org.udevreactor.reactor.binding;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Guard;

/** How binding or releasing one device ended, with the time it took. */
public sealed interface BindOutcome {

    PciAddress address();

    /** From the start of {@link Binder#apply} (module loading and verification included). */
    Duration took();

    /** The same outcome with another duration (a plan's foregone outcome gets apply's time). */
    BindOutcome took(Duration value);

    /** One line for logs and the command line. */
    String summary();

    /** A function bound to its chosen driver, and verified. */
    record BoundDevice(PciAddress address, String driver, Optional<String> module, Optional<String> vfioDevice) {
        public BoundDevice {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(vfioDevice, "vfioDevice");
        }

        @Override
        public String toString() {
            return address + " → " + driver + vfioDevice.map(v -> " (vfio-dev/" + v + ")").orElse("");
        }
    }

    /** Bound and verified: the device first, then any group members bound along. */
    record Bound(PciAddress address, List<BoundDevice> devices, List<SysfsWrite> writes, Duration took) implements BindOutcome {
        public Bound {
            Objects.requireNonNull(address, "address");
            devices = List.copyOf(devices);
            writes = List.copyOf(writes);
            Objects.requireNonNull(took, "took");
        }

        @Override
        public Bound took(Duration value) {
            return new Bound(address, devices, writes, value);
        }

        @Override
        public String summary() {
            return "bound " + String.join(", ", devices.stream().map(BoundDevice::toString).toList());
        }
    }

    /** Already bound as asked: nothing written. */
    record AlreadyBound(PciAddress address, String driver, String detail, Duration took) implements BindOutcome {
        public AlreadyBound {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(took, "took");
        }

        @Override
        public AlreadyBound took(Duration value) {
            return new AlreadyBound(address, driver, detail, value);
        }

        @Override
        public String summary() {
            return "already bound: " + address + " → " + driver + " (" + detail + "); nothing written";
        }
    }

    /**
     * Given back: override cleared and re-probed. {@code driver} is what took it (empty when no
     * host driver matches it); {@code writes} is empty when it was already released.
     */
    record Released(PciAddress address, Optional<String> driver, List<SysfsWrite> writes, Duration took) implements BindOutcome {
        public Released {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(driver, "driver");
            writes = List.copyOf(writes);
            Objects.requireNonNull(took, "took");
        }

        @Override
        public Released took(Duration value) {
            return new Released(address, driver, writes, value);
        }

        @Override
        public String summary() {
            return (writes.isEmpty() ? "already released: " : "released: ") + address + " → "
                    + driver.orElse("no driver (none of the host's drivers matches it)");
        }
    }

    /**
     * Not done, on purpose, and nothing written: a guard ({@code guard}, on {@code device}) or the
     * IOMMU group ({@code blockingMember}).
     */
    record Refused(PciAddress address, Optional<Guard> guard, Optional<String> blockingMember, String reason, Duration took)
            implements BindOutcome {
        public Refused {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(blockingMember, "blockingMember");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(took, "took");
        }

        @Override
        public Refused took(Duration value) {
            return new Refused(address, guard, blockingMember, reason, value);
        }

        @Override
        public String summary() {
            return "refused " + address + ": " + reason;
        }
    }

    /**
     * A step failed. {@code rolledBack}: every device touched is back as it was (override and
     * driver); otherwise {@code rollback} says what could not be restored.
     *
     * @param step  e.g. {@code write "0000:00:03.0" > /sys/bus/pci/drivers_probe}, "load module
     *              edu_vfio_pci", "verify 0000:00:03.0 bound to edu_vfio_pci"
     * @param cause the errno or what verification saw
     */
    record Failed(PciAddress address, String step, String cause, boolean rolledBack, String rollback, Duration took)
            implements BindOutcome {
        public Failed {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(rollback, "rollback");
            Objects.requireNonNull(took, "took");
        }

        @Override
        public Failed took(Duration value) {
            return new Failed(address, step, cause, rolledBack, rollback, value);
        }

        @Override
        public String summary() {
            return "failed " + address + ": " + step + ": " + cause + "; " + rollback;
        }
    }

    /** The device went away (before or during the work): ENODEV. Other devices touched were rolled back. */
    record Vanished(PciAddress address, String detail, Duration took) implements BindOutcome {
        public Vanished {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(took, "took");
        }

        @Override
        public Vanished took(Duration value) {
            return new Vanished(address, detail, value);
        }

        @Override
        public String summary() {
            return "gone: " + address + " (ENODEV): " + detail;
        }
    }

    /** The decision does not bind or release (load modules, ignore, no rule matched): nothing to do here. */
    record NotBinding(PciAddress address, String reason, Duration took) implements BindOutcome {
        public NotBinding {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(took, "took");
        }

        @Override
        public NotBinding took(Duration value) {
            return new NotBinding(address, reason, value);
        }

        @Override
        public String summary() {
            return "nothing to bind for " + address + ": " + reason;
        }
    }
}
