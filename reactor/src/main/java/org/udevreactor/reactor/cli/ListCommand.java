package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import org.udevreactor.reactor.daemon.settings.ControlSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.udevreactor.reactor.pci.LinuxPciSysfs;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciFunction;
import org.udevreactor.reactor.pci.PciIds;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.SysfsException;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PciIdentity;
import org.udevreactor.rules.PolicyLoader;
import org.udevreactor.rules.RuleRef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reactor list}: every PCI function as lspci -nnk shows it, plus what VFIO and policy say about it. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {
                "Lists every PCI function from sysfs: address, class, vendor and device with their "
                        + "pci.ids names (as lspci -nnk), the driver in use, the IOMMU group, the VFIO node when a VFIO "
                        + "driver holds it, and the policy rule that decides it.",
                "When a daemon answers at --socket, the rule, last action and result are the daemon's (its registry); "
                        + "otherwise the rule is decided here by the policy files and there is no last action.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:listed",
                "2:bad command line",
                "65:listed from sysfs, but the policy does not load (its errors are printed; no rule is shown)",
                "66:sysfs has no PCI bus at the given root",
        })
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    PciIdsOption pciIdsOption;

    @Option(names = "--sys", paramLabel = "DIR", description = "Where sysfs is (default: /sys).")
    Path sys = SysfsRoot.DEFAULT;

    @Option(names = "--json", description = "One JSON object per function, one per line.")
    boolean json;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The daemon's control socket, asked first (default: /run/reactor/control.sock).")
    Path socket = ControlSettings.DEFAULT.socket();

    @Option(names = "--no-daemon", description = "Do not ask a daemon; decide rules here from the policy files.")
    boolean noDaemon;

    /**
     * One listed function.
     *
     * @param daemon the daemon's registry record of it: present in daemon mode when the daemon knows it
     */
    record Row(PciFunction function, PciNames names, Optional<RuleRef> rule, Optional<JsonNode> daemon) {
        Optional<String> vfioNode() {
            return function.vfioDevices().isEmpty() ? Optional.empty() : function.iommuGroup().map(g -> "/dev/vfio/" + g);
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SysfsRoot sysfs = new SysfsRoot(sys);
        Path devices = sysfs.pciBus().resolve("devices");
        if (!Files.isDirectory(devices)) {
            err.println("reactor list: no PCI bus in sysfs: " + devices + " does not exist (is --sys right?)");
            err.flush();
            return ExitCodes.NO_INPUT;
        }
        Optional<Map<String, JsonNode>> registry = noDaemon ? Optional.empty() : daemonRegistry(err);
        LoadResult loaded = registry.isPresent() ? new LoadResult.Loaded(Policy.EMPTY) : PolicyLoader.load(policyOptions.directories());
        Policy policy = Policy.EMPTY;
        if (loaded instanceof LoadResult.Failed failed) {
            failed.errors().forEach(err::println);
            err.println("reactor list: the policy does not load; no rule is shown");
        } else {
            policy = ((LoadResult.Loaded) loaded).policy();
        }
        PciIds ids = pciIdsOption.load("list", err);
        List<Row> rows = rows(sysfs, devices, policy, ids, registry);
        if (json) {
            writeJson(rows, registry.isPresent() ? "daemon" : "sysfs", out);
        } else {
            rows.forEach(row -> writeText(row, registry.isPresent(), out));
        }
        out.flush();
        err.flush();
        return loaded instanceof LoadResult.Failed ? ExitCodes.DATA_ERROR : ExitCodes.OK;
    }

    /**
     * The daemon's PCI devices by devpath, when one answers at the socket; empty (and a note on
     * stderr when one answered but refused) when the list comes from sysfs alone.
     */
    private Optional<Map<String, JsonNode>> daemonRegistry(PrintWriter err) {
        ControlRequest control = new ControlRequest();
        control.socket = socket;
        JsonNode reply;
        try {
            reply = control.call("list", Map.of("subsystem", "pci"));
        } catch (IOException noDaemon) {
            return Optional.empty();
        }
        if (!reply.path("ok").asBoolean(false)) {
            err.println("reactor list: the daemon at " + socket + " refused (" + reply.path("error").asText()
                    + "); rules are decided here from the policy files");
            return Optional.empty();
        }
        Map<String, JsonNode> byDevpath = new java.util.HashMap<>();
        reply.path("devices").forEach(d -> byDevpath.put(d.path("devpath").asText(), d));
        return Optional.of(byDevpath);
    }

    /** Every function present, in address order; one that vanishes while being read is left out. */
    static List<Row> rows(SysfsRoot sysfs, Path devices, Policy policy, PciIds ids, Optional<Map<String, JsonNode>> registry)
            throws IOException {
        List<PciAddress> addresses;
        try (Stream<Path> entries = Files.list(devices)) {
            addresses = entries.map(p -> PciAddress.parse(p.getFileName().toString())).sorted().toList();
        }
        LinuxPciSysfs pci = new LinuxPciSysfs(sysfs);
        DeviceSnapshots snapshots = new DeviceSnapshots(sysfs);
        List<Row> rows = new ArrayList<>();
        for (PciAddress address : addresses) {
            DeviceRead read = snapshots.read(address, policy.attributeNames());
            if (!(read instanceof DeviceRead.Present present)) {
                continue;
            }
            PciFunction function;
            try {
                function = pci.function(address);
            } catch (SysfsException gone) {
                continue;
            }
            DeviceSnapshot device = present.snapshot();
            Optional<JsonNode> known = registry.flatMap(r -> Optional.ofNullable(r.get(device.devpath())));
            PciIdentity id = device.pci().orElseThrow();
            // The class from the function's class file, as lspci reads it (all 24 bits).
            PciIdentity withClass = new PciIdentity(id.vendor(), id.device(), id.subvendor(), id.subdevice(),
                    function.classCode(), id.address());
            Optional<RuleRef> rule = registry.isPresent() ? known.flatMap(ListCommand::daemonRule) : policy.decide(device).rule();
            rows.add(new Row(function, new PciNames(withClass, ids), rule, known));
        }
        return rows;
    }

    /** The rule a daemon's record names ("rule", "rule_file" as FILE:LINE). */
    private static Optional<RuleRef> daemonRule(JsonNode record) {
        if (!record.path("rule").isTextual()) {
            return Optional.empty();
        }
        String at = record.path("rule_file").asText();
        int colon = at.lastIndexOf(':');
        return Optional.of(new RuleRef(record.path("rule").asText(), Path.of(at.substring(0, colon)),
                Integer.parseInt(at.substring(colon + 1))));
    }

    /** lspci -nnk's first two lines, then the driver, group, VFIO node and rule; from a daemon, its last action and result. */
    private static void writeText(Row row, boolean fromDaemon, PrintWriter out) {
        PciNames n = row.names();
        int classCode = n.id().classCode();
        out.printf("%s %s [%04x]: %s %s [%04x:%04x]%n", row.function().address(),
                n.className().orElse(String.format("Class %04x", classCode >> 8)), classCode >> 8,
                n.vendor().orElse("Vendor " + String.format("%04x", n.id().vendor())),
                n.device().orElse("Device " + String.format("%04x", n.id().device())), n.id().vendor(), n.id().device());
        if (n.id().subvendor() != 0) {
            // lspci leaves the line out for functions without subsystem ids (host bridges).
            out.printf("\tSubsystem: %s%n", n.subsystemLine());
        }
        out.printf("\tKernel driver in use: %s%n", row.function().driver().orElse("none"));
        out.printf("\tIOMMU group: %s%s%n", row.function().iommuGroup().orElse("none"),
                row.vfioNode().map(node -> "\tVFIO: " + node).orElse(""));
        out.printf("\tRule: %s%n", row.rule().map(r -> r.name() + " (" + r.file() + ":" + r.line() + ")").orElse("none (module autoload)"));
        if (fromDaemon) {
            out.printf("\tLast: %s%n", row.daemon().map(d -> d.path("last_action").asText() + ": " + d.path("result").asText()
                    + (d.path("ok").asBoolean() ? "" : " (FAILED)")).orElse("not in the daemon's registry"));
        }
    }

    private static void writeJson(List<Row> rows, String source, PrintWriter out) throws IOException {
        JsonFactory factory = new JsonFactory();
        for (Row row : rows) {
            java.io.StringWriter line = new java.io.StringWriter();
            try (JsonGenerator g = factory.createGenerator(line)) {
                PciNames n = row.names();
                g.writeStartObject();
                g.writeStringField("address", row.function().address().toString());
                g.writeStringField("class", String.format("%06x", n.id().classCode()));
                field(g, "class_name", n.className());
                g.writeStringField("vendor", String.format("%04x", n.id().vendor()));
                field(g, "vendor_name", n.vendor());
                g.writeStringField("device", String.format("%04x", n.id().device()));
                field(g, "device_name", n.device());
                g.writeStringField("subsystem_vendor", String.format("%04x", n.id().subvendor()));
                g.writeStringField("subsystem_device", String.format("%04x", n.id().subdevice()));
                field(g, "subsystem_name", n.subsystem());
                field(g, "driver", row.function().driver());
                field(g, "iommu_group", row.function().iommuGroup());
                field(g, "vfio", row.vfioNode());
                field(g, "rule", row.rule().map(RuleRef::name));
                field(g, "rule_file", row.rule().map(r -> r.file() + ":" + r.line()));
                field(g, "last_action", row.daemon().map(d -> d.path("last_action").asText()));
                field(g, "result", row.daemon().map(d -> d.path("result").asText()));
                if (row.daemon().isPresent()) {
                    g.writeBooleanField("ok", row.daemon().get().path("ok").asBoolean());
                } else {
                    g.writeNullField("ok");
                }
                g.writeStringField("source", source);
                g.writeEndObject();
            }
            out.println(line);
        }
    }

    private static void field(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        } else {
            g.writeNullField(name);
        }
    }
}
