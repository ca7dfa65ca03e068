package org.udevreactor.reactor.daemon.handling;

import java.util.ArrayList;
import java.util.List;
import org.udevreactor.reactor.pci.ChildDevice;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/**
 * The PCI sysfs surface with every write timed, per thread. Writes to {@code unbind} and
 * {@code drivers_probe} return only once the kernel has run the driver's remove or probe, so
 * their durations are the kernel's share of a bind, told apart from the daemon's own.
 */
public final class TimedPciSysfs implements PciSysfs {
    /** One write: the attribute's file name ({@code driver_override}, {@code unbind}, ...) and when it ran. */
    public record TimedWrite(String attribute, long startNanos, long endNanos) {
    }

    private final PciSysfs delegate;
    private final ThreadLocal<List<TimedWrite>> writes = ThreadLocal.withInitial(ArrayList::new);

    public TimedPciSysfs(PciSysfs delegate) {
        this.delegate = delegate;
    }

    /** Forgets this thread's writes: called before the work to be timed. */
    public void startTiming() {
        writes.get().clear();
    }

    /** This thread's writes since {@link #startTiming()}, in order, failed ones included. */
    public List<TimedWrite> writes() {
        return List.copyOf(writes.get());
    }

    @Override
    public void write(SysfsWrite write) throws SysfsException {
        long start = System.nanoTime();
        try {
            delegate.write(write);
        } finally {
            String path = write.path();
            writes.get().add(new TimedWrite(path.substring(path.lastIndexOf('/') + 1), start, System.nanoTime()));
        }
    }

    @Override
    public PciFunction function(PciAddress address) throws SysfsException {
        return delegate.function(address);
    }

    @Override
    public List<String> iommuGroupMembers(String group) throws SysfsException {
        return delegate.iommuGroupMembers(group);
    }

    @Override
    public boolean driverRegistered(String driver) {
        return delegate.driverRegistered(driver);
    }

    @Override
    public List<String> moduleDrivers(String module) throws SysfsException {
        return delegate.moduleDrivers(module);
    }

    @Override
    public List<ChildDevice> children(PciAddress address) throws SysfsException {
        return delegate.children(address);
    }
}
