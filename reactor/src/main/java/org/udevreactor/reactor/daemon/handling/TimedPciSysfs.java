package org.udevreactor.reactor.daemon.handling;

import java.util.ArrayList;
import java.util.List;
import org.udevreactor.reactor.pci.ChildDevice;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciBinding;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/**
 * The PCI sysfs surface with every write and read timed, per thread. Writes to {@code unbind} and
 * {@code drivers_probe} return only once the kernel has run the driver's remove or probe, so
 * their durations are the kernel's share of a bind, told apart from the daemon's own; the reads
 * say how much of the daemon's own share is spent reading sysfs (and on what) and how much is
 * its code.
 */
public final class TimedPciSysfs implements PciSysfs {
    /** One write: the attribute's file name ({@code driver_override}, {@code unbind}, ...) and when it ran. */
    public record TimedWrite(String attribute, long startNanos, long endNanos) {
    }

    /** One read: the {@link PciSysfs} method ({@code function}, {@code children}, ...) and when it ran. */
    public record TimedRead(String kind, long startNanos, long endNanos) {
    }

    private final PciSysfs delegate;
    private final ThreadLocal<List<TimedWrite>> writes = ThreadLocal.withInitial(ArrayList::new);
    private final ThreadLocal<List<TimedRead>> reads = ThreadLocal.withInitial(ArrayList::new);

    public TimedPciSysfs(PciSysfs delegate) {
        this.delegate = delegate;
    }

    /** Forgets this thread's writes: called before the work to be timed. */
    public void startTiming() {
        writes.get().clear();
        reads.get().clear();
    }

    /** This thread's writes since {@link #startTiming()}, in order, failed ones included. */
    public List<TimedWrite> writes() {
        return List.copyOf(writes.get());
    }

    /** This thread's reads since {@link #startTiming()}, in order, failed ones included. */
    public List<TimedRead> reads() {
        return List.copyOf(reads.get());
    }

    /** A read of the delegate's. */
    private interface Read<T> {
        T run() throws SysfsException;
    }

    private <T> T timed(String kind, Read<T> read) throws SysfsException {
        long start = System.nanoTime();
        try {
            return read.run();
        } finally {
            reads.get().add(new TimedRead(kind, start, System.nanoTime()));
        }
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
        return timed("function", () -> delegate.function(address));
    }

    @Override
    public PciFunction functionWithoutBinding(PciAddress address) throws SysfsException {
        return timed("function", () -> delegate.functionWithoutBinding(address));
    }

    @Override
    public PciBinding binding(PciAddress address) throws SysfsException {
        return timed("binding", () -> delegate.binding(address));
    }

    @Override
    public List<String> iommuGroupMembers(String group) throws SysfsException {
        return timed("group", () -> delegate.iommuGroupMembers(group));
    }

    @Override
    public boolean driverRegistered(String driver) {
        long start = System.nanoTime();
        boolean registered = delegate.driverRegistered(driver);
        reads.get().add(new TimedRead("driver", start, System.nanoTime()));
        return registered;
    }

    @Override
    public List<String> moduleDrivers(String module) throws SysfsException {
        return timed("module", () -> delegate.moduleDrivers(module));
    }

    @Override
    public List<ChildDevice> children(PciAddress address) throws SysfsException {
        return timed("children", () -> delegate.children(address));
    }
}
