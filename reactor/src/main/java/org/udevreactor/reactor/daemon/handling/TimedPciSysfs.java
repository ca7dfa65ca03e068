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

    private void read(String kind, long start) {
        reads.get().add(new TimedRead(kind, start, System.nanoTime()));
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
        long start = System.nanoTime();
        try {
            return delegate.function(address);
        } finally {
            read("function", start);
        }
    }

    @Override
    public PciBinding binding(PciAddress address) throws SysfsException {
        long start = System.nanoTime();
        try {
            return delegate.binding(address);
        } finally {
            read("binding", start);
        }
    }

    @Override
    public List<String> iommuGroupMembers(String group) throws SysfsException {
        long start = System.nanoTime();
        try {
            return delegate.iommuGroupMembers(group);
        } finally {
            read("group", start);
        }
    }

    @Override
    public boolean driverRegistered(String driver) {
        long start = System.nanoTime();
        try {
            return delegate.driverRegistered(driver);
        } finally {
            read("driver", start);
        }
    }

    @Override
    public List<String> moduleDrivers(String module) throws SysfsException {
        long start = System.nanoTime();
        try {
            return delegate.moduleDrivers(module);
        } finally {
            read("module", start);
        }
    }

    @Override
    public List<ChildDevice> children(PciAddress address) throws SysfsException {
        long start = System.nanoTime();
        try {
            return delegate.children(address);
        } finally {
            read("children", start);
        }
    }
}
