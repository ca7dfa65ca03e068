package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import org.udevreactor.meta.VfioCandidate;
import org.udevreactor.reactor.binding.BindPlan;
import org.udevreactor.reactor.binding.DevicePlan;
import org.udevreactor.reactor.binding.DriverCandidate;
import org.udevreactor.reactor.binding.GroupMember;
import org.udevreactor.reactor.binding.GuardCheck;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.modules.PlanStep;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsWrite;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;

/**
 * {@code reactor explain --json}: one object with the text's sections as keys, for scripts.
 * Absent facts are null, never left out, so every key is always there.
 */
final class ExplainJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExplainJson() {
    }

    static void write(Explanation e, SysfsRoot sysfs, PrintWriter out) throws IOException {
        out.println(JSON.writeValueAsString(tree(e, sysfs)));
    }

    /** The object {@link #write} prints; the control socket's explain reply carries it. */
    static ObjectNode tree(Explanation e, SysfsRoot sysfs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("target", e.target());
        root.set("device", device(e));
        root.set("decision", decision(e.decision()));
        ArrayNode plans = root.putArray("module_plans");
        for (LoadPlan plan : e.modulePlans()) {
            ObjectNode p = plans.addObject();
            p.put("request", plan.request());
            ArrayNode steps = p.putArray("steps");
            for (PlanStep s : plan.steps()) {
                ObjectNode step = steps.addObject();
                step.put("module", s.module());
                step.put("action", s.action().name().toLowerCase(Locale.ROOT));
                step.put("path", s.path().isEmpty() ? null : s.path());
                step.put("options", s.options());
                step.put("role", s.role());
                step.put("essential", s.essential());
            }
        }
        root.put("no_modules_because", e.noModulesBecause().orElse(null));
        root.set("bind", e.bind().map(plan -> bind(plan, sysfs)).orElse(null));
        ArrayNode ranking = root.putArray("vfio_ranking");
        e.ranking().ifPresent(r -> {
            for (VfioCandidate c : r.ranked()) {
                ObjectNode o = ranking.addObject();
                o.put("module", c.module());
                o.put("alias", c.pattern());
                o.put("literal_bytes", c.literalBytes());
                o.put("builtin", c.builtin());
            }
        });
        ArrayNode notes = root.putArray("notes");
        e.notes().forEach(notes::add);
        return root;
    }

    private static ObjectNode device(Explanation e) {
        DeviceSnapshot d = e.device();
        ObjectNode o = JSON.createObjectNode();
        o.put("devpath", e.modaliasOnly() ? null : d.devpath());
        o.put("subsystem", d.subsystem().isEmpty() ? null : d.subsystem());
        o.put("modalias", d.modalias().orElse(null));
        o.put("driver", d.driver().orElse(null));
        o.put("boot_vga", d.bootVga().orElse(null));
        if (e.names().isPresent()) {
            PciNames n = e.names().get();
            ObjectNode pci = o.putObject("pci");
            pci.put("address", n.id().address());
            pci.set("vendor", id(n.id().vendor(), 4, n.vendor()));
            pci.set("device", id(n.id().device(), 4, n.device()));
            pci.set("subsystem_vendor", id(n.id().subvendor(), 4, n.subsystemVendor()));
            pci.set("subsystem_device", id(n.id().subdevice(), 4, n.subsystem()));
            pci.set("class", id(n.id().classCode(), 6, n.className()));
            pci.put("prog_if", n.programmingInterface().orElse(null));
        } else {
            o.putNull("pci");
        }
        Optional<PciFunction> f = e.bind().flatMap(BindPlan::target).map(DevicePlan::current);
        if (f.isPresent()) {
            ObjectNode state = o.putObject("pci_state");
            state.put("driver_override", f.get().driverOverride().orElse(null));
            state.put("iommu_group", f.get().iommuGroup().orElse(null));
            ArrayNode vfio = state.putArray("vfio_devices");
            f.get().vfioDevices().forEach(vfio::add);
        } else {
            o.putNull("pci_state");
        }
        return o;
    }

    private static ObjectNode id(int value, int digits, Optional<String> name) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", String.format("%0" + digits + "x", value));
        o.put("name", name.orElse(null));
        return o;
    }

    private static ObjectNode decision(Decision d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", d.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        o.put("summary", ExplainText.decision(d));
        o.put("reason", d.reason());
        if (d.rule().isPresent()) {
            ObjectNode rule = o.putObject("rule");
            rule.put("name", d.rule().get().name());
            rule.put("file", d.rule().get().file().toString());
            rule.put("line", d.rule().get().line());
        } else {
            o.putNull("rule");
        }
        return o;
    }

    private static ObjectNode bind(BindPlan plan, SysfsRoot sysfs) {
        ObjectNode o = JSON.createObjectNode();
        o.put("address", plan.address().toString());
        ArrayNode devices = o.putArray("devices");
        for (DevicePlan device : plan.devices()) {
            ObjectNode d = devices.addObject();
            d.put("address", device.current().address().toString());
            d.put("driver", device.current().driver().orElse(null));
            ArrayNode candidates = d.putArray("candidates");
            for (DriverCandidate c : device.candidates()) {
                ObjectNode cand = candidates.addObject();
                cand.put("driver", c.driver());
                cand.put("module", c.module().orElse(null));
                cand.put("driver_confirmed", c.driverConfirmed());
                cand.put("why", c.why());
            }
            d.put("chosen", device.chosen().map(DriverCandidate::driver).orElse(null));
            d.put("expect_vfio", device.expectVfio());
            d.put("done", device.done());
        }
        plan.group().ifPresentOrElse(g -> {
            ObjectNode group = o.putObject("iommu_group");
            group.put("group", g.group().orElse(null));
            group.put("policy", g.policy().tomlName());
            group.put("viable", g.viable());
            group.put("verdict", g.toString());
            group.put("blocking", g.blocking().map(GroupMember::name).orElse(null));
            ArrayNode members = group.putArray("members");
            for (GroupMember m : g.members()) {
                ObjectNode member = members.addObject();
                member.put("name", m.name());
                member.put("identity", m.identity());
                member.put("driver", m.driver().orElse(null));
                member.put("viable", m.viable());
                member.put("why", m.why());
            }
        }, () -> o.putNull("iommu_group"));
        ArrayNode guards = o.putArray("guards");
        for (GuardCheck g : plan.guards()) {
            ObjectNode guard = guards.addObject();
            guard.put("guard", g.guard().name().toLowerCase(Locale.ROOT));
            guard.put("device", g.device().toString());
            guard.put("tripped", g.tripped());
            guard.put("detail", g.detail());
        }
        ArrayNode writes = o.putArray("writes");
        for (SysfsWrite w : plan.writes()) {
            ObjectNode write = writes.addObject();
            write.put("path", sysfs.resolve(w.path()).toString());
            write.put("value", w.value());
            write.put("why", w.why());
        }
        o.put("outcome", plan.foregone().map(b -> b.summary()).orElse(null));
        return o;
    }
}
