package org.udevreactor.reactor.binding;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.modules.LoadPlanner;
import org.udevreactor.reactor.modules.LoadReport;
import org.udevreactor.reactor.modules.LoadResult;
import org.udevreactor.reactor.modules.LoaderClock;
import org.udevreactor.reactor.modules.ModuleLoader;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciSysfs;
import org.udevreactor.reactor.pci.PciWrites;
import org.udevreactor.reactor.proc.ProcRoot;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DriverChoice;
import org.udevreactor.rules.GroupPolicy;

/**
 * Binds PCI functions to the driver a {@link Decision.Bind} asks for, and gives them back for a
 * {@link Decision.Release}, through {@code driver_override}, {@code unbind} and
 * {@code drivers_probe}, with verification and rollback.
 *
 * <p>{@link #plan} only reads: the chosen driver, the module plan, the IOMMU group verdict, the
 * guards and the exact writes. {@link #apply} loads the driver's module, makes those writes,
 * verifies, and on any failure puts every touched device back as it was. It blocks (module
 * loads, probes): call it off event loops.
 */
public final class Binder {
    /** Drivers that hold a function for a guest without being VFIO drivers; releasing takes the device off them. */
    static final Set<String> STUB_DRIVERS = Set.of("pci-stub", "pciback");

    /**
     * @param verifyTimeout how long verification waits for the driver link (and vfio-dev) to
     *                      appear; probes through drivers_probe are synchronous, so this only
     *                      matters for drivers that probe asynchronously
     */
    public record Settings(Duration verifyTimeout, Duration pollInterval) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofMillis(20));

        public Settings {
            Objects.requireNonNull(verifyTimeout, "verifyTimeout");
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    private final PciSysfs pci;
    private final ModuleIndex index;
    private final LoadPlanner planner;
    private final ModuleLoader loader;
    private final LoaderClock clock;
    private final Settings settings;
    private final DriverChooser chooser;
    private final GroupInspector groups;
    private final SafetyGuards guards;
    private final java.util.concurrent.locks.ReentrantLock applying = new java.util.concurrent.locks.ReentrantLock();

    public Binder(PciSysfs pci, ProcRoot proc, ModuleIndex index, LoadPlanner planner, ModuleLoader loader, LoaderClock clock,
                  Settings settings) {
        this.pci = pci;
        this.index = index;
        this.planner = planner;
        this.loader = loader;
        this.clock = clock;
        this.settings = settings;
        this.chooser = new DriverChooser(index, pci);
        this.groups = new GroupInspector(pci);
        this.guards = new SafetyGuards(pci, proc);
    }

    /** What {@link #apply} would do, by reading sysfs, procfs and the index only. */
    public BindPlan plan(PciAddress address, Decision decision) {
        try {
            if (decision instanceof Decision.Bind bind) {
                return planBind(pci.functionWithoutBinding(address), bind);
            }
            if (decision instanceof Decision.Release release) {
                return planRelease(pci.function(address), release);
            }
            if (decision instanceof Decision.Refused refused) {
                return BindPlan.settled(address, decision, List.of(), Optional.empty(), List.of(),
                        new BindOutcome.Refused(address, Optional.of(refused.guard()), Optional.empty(), refused.reason(), Duration.ZERO));
            }
            return BindPlan.settled(address, decision, List.of(), Optional.empty(), List.of(),
                    new BindOutcome.NotBinding(address, decision.reason(), Duration.ZERO));
        } catch (Stop stop) {
            return BindPlan.settled(address, decision, stop.devices, stop.group, stop.guards, stop.outcome);
        } catch (SysfsException e) {
            BindOutcome outcome = e.isGone() && !BindExecution.isThere(pci, address)
                    ? new BindOutcome.Vanished(address, e.getMessage(), Duration.ZERO)
                    : new BindOutcome.Failed(address, "read the device's state", e.getMessage(), true, "nothing written", Duration.ZERO);
            return BindPlan.settled(address, decision, List.of(), Optional.empty(), List.of(), outcome);
        } catch (IOException e) {
            return BindPlan.settled(address, decision, List.of(), Optional.empty(), List.of(),
                    new BindOutcome.Failed(address, "read the system's state for the guards", e.getMessage(), true, "nothing written",
                            Duration.ZERO));
        }
    }

    /**
     * Carries the decision out: loads the modules, writes, verifies, rolls back on failure.
     * Expected outcomes (refused, failed, gone) are values; only an interrupt is thrown. Calls
     * are serialised: one device (or group) is bound at a time; {@link BindOutcome#took()}
     * counts from when this call's turn came.
     */
    public BindOutcome apply(PciAddress address, Decision decision) throws InterruptedException {
        // One at a time: two binds in one IOMMU group (or a bind racing its own release) would
        // judge the group and roll back on top of each other. Binding is rare; waiting is cheap.
        applying.lockInterruptibly();
        try {
            return applyAlone(address, decision);
        } finally {
            applying.unlock();
        }
    }

    private BindOutcome applyAlone(PciAddress address, Decision decision) throws InterruptedException {
        long start = clock.nanoTime();
        BindPlan plan = plan(address, decision);
        if (plan.foregone().isPresent()) {
            return plan.foregone().get().took(since(start));
        }
        boolean loaded = false;
        for (DevicePlan device : plan.devices()) {
            if (device.modules().isEmpty()) {
                continue;
            }
            LoadReport report = loader.execute(device.modules().get());
            if (!report.succeeded()) {
                return new BindOutcome.Failed(address, "load module " + report.plan().request(), firstFailure(report), true,
                        "nothing written", since(start));
            }
            loaded = true;
        }
        if (loaded) {
            // Read again with the modules in: driver names are now known, and probing may have moved things.
            plan = plan(address, decision);
            if (plan.foregone().isPresent()) {
                return plan.foregone().get().took(since(start));
            }
        }
        for (DevicePlan device : plan.devices()) {
            if (device.chosen().isEmpty() || device.done()) {
                continue;
            }
            DriverCandidate chosen = device.chosen().get();
            if (!chosen.driverConfirmed() || !pci.driverRegistered(chosen.driver())) {
                return new BindOutcome.Failed(address, "find the PCI driver of " + chosen.module().orElse(chosen.driver()),
                        "no PCI driver " + chosen.driver() + " is registered" + chosen.module().map(m -> " after loading module " + m).orElse(""),
                        true, "nothing written", since(start));
            }
        }
        return new BindExecution(pci, clock, settings).run(plan, decision instanceof Decision.Release).took(since(start));
    }

    /**
     * Who holds the device (driver, {@code driver_override}, {@code vfio-dev/}) is read last: its
     * read waits for a driver's probe in progress (right after a hot add, the host driver's), and
     * the candidates, guards and group do not depend on it, so they are worked out meanwhile.
     */
    private BindPlan planBind(PciFunction identity, Decision.Bind bind) throws IOException, Stop {
        PciAddress address = identity.address();
        List<DriverCandidate> candidates = chooser.candidates(identity, bind.driver());
        if (candidates.isEmpty()) {
            DevicePlan target = devicePlan(identity.withBinding(pci.binding(address)), bind.driver(), candidates);
            throw new Stop(List.of(target), Optional.empty(), List.of(), new BindOutcome.Failed(address, "choose a driver",
                    noDriver(bind.driver(), identity), true, "nothing written", Duration.ZERO));
        }
        List<GuardCheck> checks = new ArrayList<>(guards.check(identity));
        List<DevicePlan> members = new ArrayList<>();
        GroupVerdict verdict;
        if (bind.group() == GroupPolicy.IGNORE) {
            verdict = new GroupVerdict(identity.iommuGroup(), GroupPolicy.IGNORE, List.of(), Optional.empty());
        } else {
            List<GroupInspector.Inspected> others = groups.otherMembers(identity);
            Optional<GroupMember> blocking = Optional.empty();
            for (GroupInspector.Inspected other : others) {
                if (other.member().viable()) {
                    continue;
                }
                if (bind.group() == GroupPolicy.WHOLE && other.function().isPresent()) {
                    DevicePlan member = devicePlan(other.function().get(), bind.driver(),
                            chooser.candidates(other.function().get(), bind.driver()));
                    if (member.chosen().isEmpty()) {
                        List<DevicePlan> devices = new ArrayList<>();
                        devices.add(devicePlan(identity.withBinding(pci.binding(address)), bind.driver(), candidates));
                        devices.addAll(members);
                        throw new Stop(devices, Optional.empty(), checks, new BindOutcome.Failed(address,
                                "choose a driver for group member " + other.member().name(), noDriver(bind.driver(), other.function().get()),
                                true, "nothing written", Duration.ZERO));
                    }
                    members.add(member);
                    checks.addAll(guards.check(other.function().get()));
                } else if (blocking.isEmpty()) {
                    blocking = Optional.of(other.member());
                }
            }
            verdict = new GroupVerdict(identity.iommuGroup(), bind.group(), others.stream().map(GroupInspector.Inspected::member).toList(),
                    blocking);
        }
        PciFunction device = identity.withBinding(pci.binding(address));
        DevicePlan target = devicePlan(device, bind.driver(), candidates);
        List<DevicePlan> devices = new ArrayList<>(List.of(target));
        devices.addAll(members);
        List<SysfsWrite> sriov = sriovWrites(device, bind.sriovNumvfs(), devices, verdict, checks);
        Optional<GroupVerdict> group = Optional.of(verdict);
        boolean allDone = devices.stream().allMatch(DevicePlan::done) && sriov.isEmpty();
        if (allDone) {
            throw new Stop(devices, group, checks, new BindOutcome.AlreadyBound(address, target.chosen().get().driver(),
                    target.current().vfioDevices().isEmpty() ? "driver link checked" : "driver link and vfio-dev/"
                            + target.current().vfioDevices().get(0) + " checked", Duration.ZERO));
        }
        if (!bind.force()) {
            for (GuardCheck check : checks) {
                boolean unbinds = devices.stream().anyMatch(d -> d.current().address().equals(check.device()) && !d.done());
                if (check.tripped() && unbinds) {
                    String whose = check.device().equals(address) ? "" : " (group member " + check.device() + ")";
                    throw new Stop(devices, group, checks, new BindOutcome.Refused(address, Optional.of(check.guard()),
                            check.device().equals(address) ? Optional.empty() : Optional.of(check.device().toString()),
                            "guard " + check.guard().name().toLowerCase(java.util.Locale.ROOT) + whose + ": " + check.detail()
                                    + "; a rule with force = true overrides it", Duration.ZERO));
                }
            }
        }
        if (verdict.blocking().isPresent()) {
            GroupMember member = verdict.blocking().get();
            throw new Stop(devices, group, checks, new BindOutcome.Refused(address, Optional.empty(), Optional.of(member.name()),
                    "IOMMU group " + verdict.group().orElse("?") + " is not viable: " + member.name() + " (" + member.identity() + ") is "
                            + member.why() + "; bind it too (iommu_group = \"whole\") or put it on vfio-pci or pci-stub", Duration.ZERO));
        }
        List<SysfsWrite> writes = new ArrayList<>();
        devices.forEach(d -> writes.addAll(d.writes()));
        writes.addAll(sriov);
        return new BindPlan(address, bind, devices, group, checks, writes, Optional.empty());
    }

    private DevicePlan devicePlan(PciFunction device, DriverChoice choice, List<DriverCandidate> candidates) {
        if (candidates.isEmpty()) {
            return new DevicePlan(device, candidates, Optional.empty(), Optional.empty(), false, false, List.of());
        }
        DriverCandidate chosen = candidates.get(0);
        boolean vfio = chooser.isVfio(device, choice, chosen);
        boolean done = chosen.driverConfirmed() && device.driver().equals(Optional.of(chosen.driver()))
                && (!vfio || !device.vfioDevices().isEmpty());
        Optional<LoadPlan> modules = chosen.module().filter(m -> !pci.driverRegistered(chosen.driver())).map(planner::plan);
        List<SysfsWrite> writes = new ArrayList<>();
        if (!done) {
            PciAddress address = device.address();
            writes.add(PciWrites.setOverride(address, chosen.driver(), "only " + chosen.driver() + " may bind " + address));
            device.driver().ifPresent(current -> writes.add(PciWrites.unbind(address, current, "take " + address + " from " + current)));
            writes.add(PciWrites.probe(address, "bind " + address + " to " + chosen.driver()));
        }
        return new DevicePlan(device, candidates, Optional.of(chosen), done ? Optional.empty() : modules, vfio, done, writes);
    }

    private BindPlan planRelease(PciFunction device, Decision.Release release) throws Stop {
        PciAddress address = device.address();
        boolean hostDriverKnown = !index.lookup(device.modalias()).isEmpty();
        Optional<String> driver = device.driver();
        boolean onHostDriver = driver.isPresent() && device.vfioDevices().isEmpty() && !STUB_DRIVERS.contains(driver.get())
                && !driver.get().equals("vfio-pci");
        boolean done = device.driverOverride().isEmpty() && (onHostDriver || driver.isEmpty() && !hostDriverKnown);
        List<SysfsWrite> writes = new ArrayList<>();
        if (!done) {
            if (device.driverOverride().isPresent()) {
                writes.add(PciWrites.clearOverride(address, "let the id tables decide again"));
            }
            driver.ifPresent(current -> writes.add(PciWrites.unbind(address, current, "take " + address + " from " + current)));
            writes.add(PciWrites.probe(address, "let the host driver bind " + address));
        }
        Optional<LoadPlan> modules = !done && hostDriverKnown ? Optional.of(planner.planForAlias(device.modalias())) : Optional.empty();
        List<DevicePlan> devices = List.of(new DevicePlan(device, List.of(), Optional.empty(), modules, false, done, writes));
        List<SysfsWrite> sriov = sriovWrites(device, release.sriovNumvfs(), devices, null, List.of());
        if (done && sriov.isEmpty()) {
            throw new Stop(devices, Optional.empty(), List.of(), new BindOutcome.Released(address, driver, List.of(), Duration.ZERO));
        }
        List<SysfsWrite> all = new ArrayList<>(writes);
        all.addAll(sriov);
        return new BindPlan(address, release, devices, Optional.empty(), List.of(), all, Optional.empty());
    }

    /**
     * Creating {@code count} VFs on a physical function: autoprobe off first, so no host VF driver
     * grabs them before VF rules bind them, and through 0 when VFs exist (the kernel changes the
     * count only from 0: EBUSY).
     */
    private static List<SysfsWrite> sriovWrites(PciFunction device, java.util.OptionalInt wanted, List<DevicePlan> devices,
                                                GroupVerdict verdict, List<GuardCheck> checks) throws Stop {
        if (wanted.isEmpty()) {
            return List.of();
        }
        PciAddress address = device.address();
        int count = wanted.getAsInt();
        if (!device.isSriovPhysicalFunction()) {
            throw new Stop(devices, Optional.ofNullable(verdict), checks, new BindOutcome.Failed(address, "sriov_numvfs = " + count,
                    address + " is not an SR-IOV physical function (no sriov_totalvfs)", true, "nothing written", Duration.ZERO));
        }
        int total = device.sriovTotalVfs().getAsInt();
        if (count > total) {
            throw new Stop(devices, Optional.ofNullable(verdict), checks, new BindOutcome.Failed(address, "sriov_numvfs = " + count,
                    address + " supports at most " + total + " VFs (sriov_totalvfs)", true, "nothing written", Duration.ZERO));
        }
        int current = device.sriovNumVfs().orElse(0);
        List<SysfsWrite> writes = new ArrayList<>();
        if (current == count) {
            return writes;
        }
        if (count > 0 && !device.sriovDriversAutoprobe().equals(Optional.of(false))) {
            writes.add(PciWrites.sriovDriversAutoprobe(address, false, "no host VF driver may grab the new VFs; VF rules bind them"));
        }
        if (current != 0) {
            writes.add(PciWrites.sriovNumvfs(address, 0, "remove the " + current + " VFs first: the count changes only from 0"));
        }
        writes.add(PciWrites.sriovNumvfs(address, count, count == 0 ? "remove the VFs" : "create " + count + " VFs"));
        return writes;
    }

    private static String noDriver(DriverChoice choice, PciFunction device) {
        if (choice instanceof DriverChoice.Named named) {
            return "no PCI driver " + named.driver() + " is registered and the index has no module of that name";
        }
        return "the index has no vfio_pci alias matching " + device.modalias() + " and vfio-pci is not registered";
    }

    private static String firstFailure(LoadReport report) {
        for (int i = 0; i < report.results().size(); i++) {
            LoadResult result = report.results().get(i);
            if (!report.plan().steps().get(i).essential() || result.satisfied()) {
                continue;
            }
            if (result instanceof LoadResult.Failed failed) {
                return failed.message();
            }
            if (result instanceof LoadResult.NotFound notFound) {
                return notFound.module() + ": no such module or alias in the index";
            }
            if (result instanceof LoadResult.Skipped skipped) {
                return skipped.module() + ": skipped: " + skipped.reason();
            }
        }
        return "the load did not succeed";
    }

    private Duration since(long start) {
        return Duration.ofNanos(clock.nanoTime() - start);
    }

    /** The plan ended early with a known outcome; carries what was worked out so far. */
    private static final class Stop extends Exception {
        final List<DevicePlan> devices;
        final Optional<GroupVerdict> group;
        final List<GuardCheck> guards;
        final BindOutcome outcome;

        Stop(List<DevicePlan> devices, Optional<GroupVerdict> group, List<GuardCheck> guards, BindOutcome outcome) {
            super(null, null, false, false);
            this.devices = List.copyOf(devices);
            this.group = group;
            this.guards = List.copyOf(guards);
            this.outcome = outcome;
        }
    }
}
