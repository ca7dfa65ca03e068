package org.udevreactor.reactor.binding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.udevreactor.reactor.pci.ChildDevice;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsWrite;

/**
 * A PCI bus in memory that follows the kernel's rules (drivers/pci/pci-driver.c, pci-sysfs.c,
 * iov.c, drivers/base/bus.c) for what binding touches:
 * <ul>
 * <li>{@code driver_override}: a value up to its first newline; an empty one clears it. While set,
 * only the driver of that name may bind the function, whatever its id table says.</li>
 * <li>{@code drivers/D/unbind}: ENOENT when D is not registered, ENODEV when the function is not
 * bound to D. Unbinding a physical function's driver removes its VFs (its remove() disables SR-IOV).</li>
 * <li>{@code drivers_probe}: ENODEV for an unknown function; an unbound one is offered to its
 * override driver if registered, else to the first registered driver whose id table matches
 * (override-only entries, as VFIO variant drivers have, do not count). A failing probe() leaves it
 * unbound and the write still succeeds, as in the kernel.</li>
 * <li>A VFIO driver's probe gives the function {@code vfio-dev/vfioN}, and fails without an IOMMU group.</li>
 * <li>{@code sriov_numvfs}: ENOENT without a bound driver, EBUSY from one non-zero count to
 * another, ERANGE above {@code sriov_totalvfs}; new VFs are probed only when
 * {@code sriov_drivers_autoprobe} is 1.</li>
 * </ul>
 * Failures are injected per path (the next write fails with an errno) and hooks run after a
 * write, e.g. to remove the device mid-bind.
 */
final class FakePciBus implements PciSysfs {

    /** A PCI function on the fake bus; tests change its fields to set the scene. */
    static final class Function {
        final PciAddress address;
        final int vendor;
        final int device;
        final int classCode;
        String driver;
        String override;
        String group;
        boolean bootVga;
        String vfioDevice;
        final List<ChildDevice> children = new ArrayList<>();
        Integer totalVfs;
        int numVfs;
        boolean autoprobe = true;
        int vfDevice;

        Function(PciAddress address, int vendor, int device, int classCode) {
            this.address = address;
            this.vendor = vendor;
            this.device = device;
            this.classCode = classCode;
        }

        Function group(String value) {
            group = value;
            return this;
        }

        Function driver(String value) {
            driver = value;
            return this;
        }

        Function bootVga() {
            bootVga = true;
            return this;
        }

        Function child(String subsystem, String name, String majorMinor) {
            children.add(new ChildDevice(subsystem, name, Optional.ofNullable(majorMinor)));
            return this;
        }

        Function sriov(int total, int vfDeviceId) {
            totalVfs = total;
            vfDevice = vfDeviceId;
            return this;
        }

        String modalias() {
            return String.format("pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", vendor, device, 0x1af4, 0x1100,
                    classCode >> 16, (classCode >> 8) & 0xff, classCode & 0xff);
        }
    }

    /** A PCI driver: its id table, whether it is a VFIO driver, and whether its probe fails. */
    static final class Driver {
        final String name;
        Predicate<Function> ids = f -> false;
        boolean vfio;
        boolean probeFails;

        Driver(String name) {
            this.name = name;
        }

        Driver matches(int vendor, int device) {
            Predicate<Function> before = ids;
            ids = before.or(f -> f.vendor == vendor && f.device == device);
            return this;
        }

        Driver vfio() {
            vfio = true;
            return this;
        }
    }

    private final Map<PciAddress, Function> devices = new TreeMap<>();
    /** Registration order matters: the first matching driver wins a probe. */
    private final Map<String, Driver> registered = new LinkedHashMap<>();
    private final Map<String, List<Driver>> modules = new HashMap<>();
    private final Map<String, List<String>> loadedModules = new HashMap<>();
    private final Map<String, java.util.ArrayDeque<String>> failures = new HashMap<>();
    private final List<Consumer<SysfsWrite>> afterWrite = new ArrayList<>();
    private final List<SysfsWrite> writes = new ArrayList<>();
    private final List<String> extraGroupMembers = new ArrayList<>();
    private int nextVfio;

    Function add(String address, int vendor, int device, int classCode) {
        Function f = new Function(PciAddress.parse(address), vendor, device, classCode);
        devices.put(f.address, f);
        return f;
    }

    Function get(String address) {
        return devices.get(PciAddress.parse(address));
    }

    void remove(String address) {
        devices.remove(PciAddress.parse(address));
    }

    /** A driver registered now (built in, or its module already loaded). */
    Driver register(String name) {
        Driver driver = new Driver(name);
        registered.put(name, driver);
        return driver;
    }

    /** A driver that registers when {@code module} is loaded ({@link #moduleLoaded}). */
    Driver provides(String module, String name) {
        Driver driver = new Driver(name);
        modules.computeIfAbsent(module, m -> new ArrayList<>()).add(driver);
        return driver;
    }

    /** The module's init ran: its drivers are registered (and, as in the kernel, probe unbound matching devices). */
    void moduleLoaded(String module) {
        List<String> names = new ArrayList<>();
        for (Driver driver : modules.getOrDefault(module, List.of())) {
            registered.put(driver.name, driver);
            names.add(driver.name);
            for (Function f : List.copyOf(devices.values())) {
                if (f.driver == null && (f.override != null ? f.override.equals(driver.name) : driver.ids.test(f))) {
                    bind(f, driver);
                }
            }
        }
        loadedModules.put(module, names);
    }

    /** The next write to this path fails with the errno (and changes nothing); queued when called again. */
    void failNextWrite(String path, String errno) {
        failures.computeIfAbsent(path, p -> new java.util.ArrayDeque<>()).add(errno);
    }

    void afterWrite(Consumer<SysfsWrite> hook) {
        afterWrite.add(hook);
    }

    /** A non-PCI member in a group (as platform devices are on some machines). */
    void extraGroupMember(String name) {
        extraGroupMembers.add(name);
    }

    Driver driver(String name) {
        return registered.get(name);
    }

    List<SysfsWrite> writes() {
        return List.copyOf(writes);
    }

    @Override
    public PciFunction function(PciAddress address) throws SysfsException {
        Function f = devices.get(address);
        if (f == null) {
            throw new SysfsException("read", "/sys/bus/pci/devices/" + address, "ENODEV");
        }
        return new PciFunction(f.address, f.vendor, f.device, f.classCode, f.modalias(), Optional.ofNullable(f.driver),
                Optional.ofNullable(f.override), Optional.ofNullable(f.group), f.bootVga,
                f.vfioDevice == null ? List.of() : List.of(f.vfioDevice),
                f.totalVfs == null ? OptionalInt.empty() : OptionalInt.of(f.totalVfs),
                f.totalVfs == null ? OptionalInt.empty() : OptionalInt.of(f.numVfs),
                f.totalVfs == null ? Optional.empty() : Optional.of(f.autoprobe));
    }

    @Override
    public List<String> iommuGroupMembers(String group) throws SysfsException {
        List<String> names = new ArrayList<>();
        devices.values().stream().filter(f -> group.equals(f.group)).forEach(f -> names.add(f.address.toString()));
        if (names.isEmpty()) {
            throw new SysfsException("list", "/sys/kernel/iommu_groups/" + group + "/devices", "ENOENT");
        }
        names.addAll(extraGroupMembers);
        return names;
    }

    @Override
    public boolean driverRegistered(String driver) {
        return registered.containsKey(driver);
    }

    @Override
    public List<String> moduleDrivers(String module) {
        return loadedModules.getOrDefault(module, List.of());
    }

    @Override
    public List<ChildDevice> children(PciAddress address) throws SysfsException {
        Function f = devices.get(address);
        if (f == null) {
            throw new SysfsException("resolve", "/sys/bus/pci/devices/" + address, "ENOENT");
        }
        return List.copyOf(f.children);
    }

    @Override
    public void write(SysfsWrite write) throws SysfsException {
        java.util.ArrayDeque<String> queued = failures.get(write.path());
        String errno = queued == null ? null : queued.poll();
        if (errno != null) {
            throw new SysfsException("write " + write.quotedValue() + " to", write.path(), errno);
        }
        apply(write);
        writes.add(write);
        for (Consumer<SysfsWrite> hook : afterWrite) {
            hook.accept(write);
        }
    }

    private void apply(SysfsWrite write) throws SysfsException {
        String path = write.path();
        String value = write.value();
        String[] parts = path.substring(1).split("/");
        if (path.equals("/bus/pci/drivers_probe")) {
            Function f = devices.get(parse(value, write));
            if (f == null) {
                throw fail(write, "ENODEV");
            }
            if (f.driver == null) {
                attach(f);
            }
        } else if (parts.length == 5 && parts[2].equals("drivers") && parts[4].equals("unbind")) {
            Driver driver = registered.get(parts[3]);
            if (driver == null) {
                throw fail(write, "ENOENT");
            }
            Function f = devices.get(parse(value, write));
            if (f == null || !driver.name.equals(f.driver)) {
                throw fail(write, "ENODEV");
            }
            unbind(f);
        } else if (parts.length == 5 && parts[2].equals("devices")) {
            Function f = devices.get(PciAddress.parse(parts[3]));
            if (f == null) {
                throw fail(write, "ENOENT");
            }
            switch (parts[4]) {
                case "driver_override" -> {
                    String line = value.indexOf('\n') >= 0 ? value.substring(0, value.indexOf('\n')) : value;
                    f.override = line.isEmpty() ? null : line;
                }
                case "sriov_drivers_autoprobe" -> {
                    requirePf(f, write);
                    if (!value.equals("0") && !value.equals("1")) {
                        throw fail(write, "EINVAL");
                    }
                    f.autoprobe = value.equals("1");
                }
                case "sriov_numvfs" -> setNumVfs(f, write);
                default -> throw fail(write, "ENOENT");
            }
        } else {
            throw fail(write, "ENOENT");
        }
    }

    private void setNumVfs(Function pf, SysfsWrite write) throws SysfsException {
        requirePf(pf, write);
        int count;
        try {
            count = Integer.parseInt(write.value().strip());
        } catch (NumberFormatException e) {
            throw fail(write, "EINVAL");
        }
        if (pf.driver == null) {
            throw fail(write, "ENOENT");
        }
        if (count == pf.numVfs) {
            return;
        }
        if (count != 0 && pf.numVfs != 0) {
            throw fail(write, "EBUSY");
        }
        if (count > pf.totalVfs) {
            throw fail(write, "ERANGE");
        }
        if (count == 0) {
            removeVfs(pf);
            return;
        }
        for (int i = 0; i < count; i++) {
            Function vf = add(vfAddress(pf, i).toString(), pf.vendor, pf.vfDevice, pf.classCode);
            vf.group = "vf-" + vf.address;
            if (pf.autoprobe) {
                attach(vf);
            }
        }
        pf.numVfs = count;
    }

    private static PciAddress vfAddress(Function pf, int index) {
        return new PciAddress(pf.address.domain(), pf.address.bus() + 1, index / 8, index % 8);
    }

    private void removeVfs(Function pf) {
        for (int i = 0; i < pf.numVfs; i++) {
            devices.remove(vfAddress(pf, i));
        }
        pf.numVfs = 0;
    }

    private static void requirePf(Function f, SysfsWrite write) throws SysfsException {
        if (f.totalVfs == null) {
            throw fail(write, "ENOENT");
        }
    }

    private void attach(Function f) {
        if (f.override != null) {
            Driver driver = registered.get(f.override);
            if (driver != null) {
                bind(f, driver);
            }
            return;
        }
        for (Driver driver : registered.values()) {
            if (driver.ids.test(f)) {
                bind(f, driver);
                return;
            }
        }
    }

    private void bind(Function f, Driver driver) {
        if (driver.probeFails || driver.vfio && f.group == null) {
            return;
        }
        f.driver = driver.name;
        if (driver.vfio) {
            f.vfioDevice = "vfio" + nextVfio++;
        }
    }

    private void unbind(Function f) {
        if (f.numVfs > 0) {
            removeVfs(f);
        }
        f.driver = null;
        f.vfioDevice = null;
    }

    private static PciAddress parse(String value, SysfsWrite write) throws SysfsException {
        try {
            return PciAddress.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw fail(write, "ENODEV");
        }
    }

    private static SysfsException fail(SysfsWrite write, String errno) {
        return new SysfsException("write " + write.quotedValue() + " to", write.path(), errno);
    }
}
