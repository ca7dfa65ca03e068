package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.udevreactor.meta.VfioCandidate;
import org.udevreactor.reactor.binding.BindPlan;
import org.udevreactor.reactor.binding.DevicePlan;
import org.udevreactor.reactor.binding.DriverCandidate;
import org.udevreactor.reactor.binding.GroupMember;
import org.udevreactor.reactor.binding.GuardCheck;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.GroupPolicy;

/** {@code reactor explain}'s text: one section per question, in the order the daemon works them out. */
final class ExplainText {
    private ExplainText() {
    }

    static void write(Explanation e, SysfsRoot sysfs, PrintWriter out) {
        device(e, out);
        out.println("decision: " + decision(e.decision()));
        out.println("  " + e.decision().reason());
        out.println("module plan (as reactor modprobe -n prints it):");
        if (e.modulePlans().isEmpty()) {
            out.println("  none: " + e.noModulesBecause().orElse("nothing to load"));
        }
        for (LoadPlan plan : e.modulePlans()) {
            StringWriter lines = new StringWriter();
            PlanText.print(plan, new PrintWriter(lines, true));
            lines.toString().lines().forEach(line -> out.println("  " + line));
        }
        e.bind().ifPresent(plan -> bind(plan, sysfs, out));
        if (!e.ranking().isEmpty() && e.ranking().get().ranked().size() > 0) {
            out.println("VFIO drivers for its MODALIAS, best first (what action = \"vfio\" would choose):");
            int n = 1;
            for (VfioCandidate c : e.ranking().get().ranked()) {
                out.printf("  %d. %s%s: alias %s%n", n++, c.module(), c.builtin() ? " (built in)" : "", c.pattern());
            }
        }
        for (String note : e.notes()) {
            out.println("note: " + note);
        }
    }

    private static void device(Explanation e, PrintWriter out) {
        DeviceSnapshot d = e.device();
        if (e.modaliasOnly()) {
            out.println("modalias " + d.modalias().orElse("") + " (decided as a device with only what it says)");
            out.println("  subsystem:   " + (d.subsystem().isEmpty() ? "none" : d.subsystem()));
            e.names().ifPresent(names -> names(names, out));
            return;
        }
        out.println("device " + d.pci().map(p -> p.address() + " ").orElse("") + "(" + d.devpath() + ")");
        out.println("  subsystem:   " + (d.subsystem().isEmpty() ? "none" : d.subsystem()));
        e.names().ifPresent(names -> names(names, out));
        out.println("  modalias:    " + d.modalias().orElse("none"));
        out.println("  driver:      " + d.driver().orElse("none"));
        d.bootVga().ifPresent(vga -> out.println("  boot_vga:    " + (vga ? "1 (the firmware's console)" : "0")));
        e.bind().flatMap(BindPlan::target).map(DevicePlan::current).ifPresent(f -> pciState(f, out));
    }

    private static void names(PciNames names, PrintWriter out) {
        out.println("  class:       " + names.classLine());
        out.println("  vendor:dev:  " + names.deviceLine());
        out.println("  subsys ids:  " + names.subsystemLine());
    }

    private static void pciState(PciFunction f, PrintWriter out) {
        out.println("  override:    " + f.driverOverride().orElse("none"));
        out.println("  iommu group: " + f.iommuGroup().orElse("none (no IOMMU)"));
        out.println("  vfio-dev:    " + (f.vfioDevices().isEmpty() ? "none" : String.join(" ", f.vfioDevices())));
        f.sriovTotalVfs().ifPresent(total -> out.println("  sr-iov:      " + f.sriovNumVfs().orElse(0) + " of " + total + " VFs"));
    }

    static String decision(Decision decision) {
        if (decision instanceof Decision.Bind b) {
            return "bind " + b.driver() + (b.group() == GroupPolicy.VIABLE ? "" : ", iommu_group " + b.group().tomlName())
                    + (b.force() ? ", force" : "") + b.sriovNumvfs().stream().mapToObj(n -> ", sriov_numvfs " + n).findFirst().orElse("");
        }
        if (decision instanceof Decision.Release) {
            return "release to the host driver";
        }
        if (decision instanceof Decision.LoadModules l) {
            return "load " + String.join(" ", l.modules()) + " (instead of the MODALIAS lookup)";
        }
        if (decision instanceof Decision.Ignore) {
            return "ignore (no module autoload, no binding)";
        }
        if (decision instanceof Decision.Refused r) {
            return "refused by the " + r.guard().name().toLowerCase(java.util.Locale.ROOT) + " guard (the device keeps its host driver)";
        }
        return "no rule matched: module autoload by MODALIAS";
    }

    private static void bind(BindPlan plan, SysfsRoot sysfs, PrintWriter out) {
        for (DevicePlan device : plan.devices()) {
            if (device.candidates().isEmpty() && device.chosen().isEmpty()) {
                continue;
            }
            out.println("driver candidates for " + device.current().address() + ", best first:");
            int n = 1;
            for (DriverCandidate c : device.candidates()) {
                out.printf("  %d. %s%n", n++, c);
            }
            out.println("  chosen: " + device.chosen().map(DriverCandidate::driver).orElse("none")
                    + (device.done() ? " (bound already)" : ""));
        }
        plan.group().ifPresent(group -> {
            out.println("iommu: " + group);
            for (GroupMember m : group.members()) {
                out.println("  " + m);
            }
            group.blocking().ifPresent(m -> out.println("  blocked by " + m.name()));
        });
        if (!plan.guards().isEmpty()) {
            out.println("guards:");
            for (GuardCheck g : plan.guards()) {
                out.println("  " + g);
            }
        }
        List<SysfsWrite> writes = plan.writes();
        out.println("sysfs writes it would make, in order (none made):");
        if (writes.isEmpty()) {
            out.println("  none");
        }
        for (SysfsWrite w : writes) {
            out.println("  " + w.describe(sysfs));
        }
        out.println("outcome: " + plan.foregone().map(o -> o.summary()).orElse("would " + (plan.decision() instanceof Decision.Release
                ? "release" : "bind") + " " + plan.address() + " (reactor bind/release or the daemon makes these writes)"));
    }
}
