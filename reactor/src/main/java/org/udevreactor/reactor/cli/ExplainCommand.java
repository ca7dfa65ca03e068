package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.udevreactor.meta.MalformedInputException;
import org.udevreactor.meta.VfioRanking;
import org.udevreactor.reactor.binding.BindPlan;
import org.udevreactor.reactor.binding.DevicePlan;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.pci.PciIds;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.DriverChoice;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reactor explain}: what policy and the binder would do with a device, and why, without doing it. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {
                "Explains what would happen to a device, writing nothing: its facts with pci.ids names, the policy rule "
                        + "that decides it and why, the module plan (as modprobe -n prints it), the ranked driver "
                        + "candidates, the IOMMU group verdict, the safety guards, and the exact sysfs writes binding "
                        + "would make.",
                "DEVICE is a PCI address (0000:01:00.0 or 01:00.0) or a sysfs devpath (/devices/... or /sys/devices/...). "
                        + "A MODALIAS is decided as a device with only what the string says: its bus prefix as SUBSYSTEM "
                        + "and, for pci:, the ids and class it spells out; rules on anything else do not match it.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:explained",
                "2:bad command line",
                "4:no such device",
                "65:the policy (or the module index) does not load; the errors are printed",
                "66:explained in part: no module index, so no module plan, candidates or bind plan",
                "69:with --daemon: no daemon answers at the socket",
                "1:with --daemon: the daemon refused (no such device, not permitted)",
        })
final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BinderOptions tools;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    PciIdsOption pciIdsOption;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Parameters(paramLabel = "DEVICE|MODALIAS", description = "A PCI address, a sysfs devpath, or a modalias.")
    String target;

    @Option(names = "--daemon", description = "Ask the running daemon instead, by its policy, index and binder "
            + "(exit 69 when none answers; --socket names its control socket).")
    boolean daemon;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket for --daemon "
            + "(default: /run/reactor/control.sock).")
    Path socket = org.udevreactor.reactor.daemon.settings.ControlSettings.DEFAULT.socket();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (daemon) {
            return askDaemon(out, err);
        }
        Target what = Target.of(spec, target, tools.sysfs().root());
        LoadResult loaded = PolicyLoader.load(policyOptions.directories());
        if (loaded instanceof LoadResult.Failed failed) {
            failed.errors().forEach(e -> err.println(e));
            err.printf("reactor explain: the policy does not load (%d errors); the daemon would keep its previous policy%n",
                    failed.errors().size());
            err.flush();
            return ExitCodes.DATA_ERROR;
        }
        Policy policy = ((LoadResult.Loaded) loaded).policy();
        PciIds ids = pciIdsOption.load("explain", err);
        List<String> notes = new ArrayList<>();
        Optional<BinderOptions.Loaded> binder = Optional.empty();
        try {
            binder = Optional.of(tools.load("explain", err));
        } catch (MalformedInputException e) {
            err.println("reactor explain: " + e.getMessage());
            return ExitCodes.DATA_ERROR;
        } catch (IOException e) {
            notes.add("no module index (" + e.getMessage() + "): no module plan, driver candidates or bind plan");
        }

        Explanation explanation;
        try {
            explanation = explain(target, what, policy, ids, binder, tools.sysfs(), notes);
        } catch (NoSuchDevice gone) {
            err.println("reactor explain: " + gone.getMessage());
            err.flush();
            return BindingRun.GONE;
        }
        if (json) {
            ExplainJson.write(explanation, tools.sysfs(), out);
        } else {
            ExplainText.write(explanation, tools.sysfs(), out);
        }
        out.flush();
        return binder.isEmpty() ? ExitCodes.NO_INPUT : ExitCodes.OK;
    }

    /** --daemon: the daemon's explain reply, printed as this command prints its own. */
    private int askDaemon(PrintWriter out, PrintWriter err) {
        ControlRequest control = new ControlRequest();
        control.socket = socket;
        com.fasterxml.jackson.databind.JsonNode reply;
        try {
            reply = control.call("explain", java.util.Map.of("device", target));
        } catch (IOException e) {
            err.println("reactor explain: " + control.noDaemon(e));
            err.flush();
            return ControlRequest.NO_DAEMON;
        }
        if (!reply.path("ok").asBoolean(false)) {
            err.println("reactor explain: " + reply.path("error").asText("the daemon replied without ok"));
            err.flush();
            return ControlRequest.REFUSED;
        }
        if (json) {
            out.println(reply.get("explanation").toPrettyString());
        } else {
            out.print(reply.path("text").asText());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A device named by address or devpath that sysfs does not have (any more). */
    static final class NoSuchDevice extends Exception {
        private static final long serialVersionUID = 1L;

        NoSuchDevice(String message) {
            super(message);
        }
    }

    /**
     * What would happen to the device {@code what} names, by {@code policy} and (when there is an
     * index) {@code binder}'s plan; reads sysfs, writes nothing. The daemon's control socket calls
     * this with its own policy, index and binder.
     */
    static Explanation explain(String target, Target what, Policy policy, PciIds ids, Optional<BinderOptions.Loaded> binder,
                               org.udevreactor.reactor.sysfs.SysfsRoot sysfs, List<String> notes) throws NoSuchDevice, IOException {
        DeviceSnapshot device;
        if (what.modalias().isPresent()) {
            device = ModaliasDevice.of(what.modalias().get());
        } else {
            DeviceSnapshots snapshots = new DeviceSnapshots(sysfs);
            DeviceRead read = what.address().isPresent()
                    ? snapshots.read(what.address().get(), policy.attributeNames())
                    : snapshots.read(what.devpath().get(), policy.attributeNames());
            if (read instanceof DeviceRead.Gone gone) {
                throw new NoSuchDevice(gone.toString());
            }
            device = ((DeviceRead.Present) read).snapshot();
        }
        Decision decision = policy.decide(device);
        // A bare modalias may spell out PCI ids, but it names no function to plan a bind for.
        Optional<PciAddress> address = what.modalias().isPresent() ? Optional.empty()
                : device.pci().map(id -> PciAddress.parse(id.address()));
        Optional<BindPlan> bind = binder.isPresent() && address.isPresent()
                ? Optional.of(binder.get().binder().plan(address.get(), decision)) : Optional.empty();
        Optional<VfioRanking> ranking = binder.isPresent() && device.modalias().isPresent()
                && bind.map(b -> b.target().map(t -> t.candidates().isEmpty()).orElse(true)).orElse(true)
                ? Optional.of(binder.get().index().vfioVariants(device.modalias().get())) : Optional.empty();
        List<LoadPlan> plans = new ArrayList<>();
        Optional<String> noModules = binder.isEmpty() ? Optional.of("no module index")
                : modulePlans(binder.get(), device, decision, bind, ranking, plans);
        return new Explanation(target, device, device.pci().map(id -> new PciNames(id, ids)), decision, plans,
                noModules, bind, ranking, notes);
    }

    /** Fills {@code plans} with what would be loaded; returns why nothing would, when nothing would. */
    private static Optional<String> modulePlans(BinderOptions.Loaded binder, DeviceSnapshot device, Decision decision,
                                                Optional<BindPlan> bind, Optional<VfioRanking> ranking, List<LoadPlan> plans) {
        if (decision instanceof Decision.Ignore) {
            return Optional.of("the rule ignores the device: no module autoload");
        }
        if (decision instanceof Decision.LoadModules load) {
            load.modules().forEach(m -> plans.add(binder.planner().plan(m)));
            return Optional.empty();
        }
        if (bind.isPresent() && (decision instanceof Decision.Bind || decision instanceof Decision.Release)) {
            bind.get().devices().stream().map(DevicePlan::modules).flatMap(Optional::stream).forEach(plans::add);
            return plans.isEmpty() ? Optional.of(bind.get().foregone().isPresent() ? "nothing to do (see the outcome)"
                    : "the driver's module is in the kernel already") : Optional.empty();
        }
        if (decision instanceof Decision.Bind b) {
            // A bare modalias: the driver binding would load, by the index.
            Optional<String> module = b.driver() instanceof DriverChoice.Named named ? Optional.of(named.driver())
                    : ranking.flatMap(VfioRanking::best).map(c -> c.module());
            module.ifPresent(m -> plans.add(binder.planner().plan(m)));
            return module.isPresent() ? Optional.empty() : Optional.of("no VFIO driver in the index matches");
        }
        if (device.modalias().isEmpty()) {
            return Optional.of("the device has no MODALIAS: nothing to autoload");
        }
        plans.add(binder.planner().plan(device.modalias().get()));
        return Optional.empty();
    }

    /** What the argument names: exactly one of a PCI address, a devpath below the sysfs root, a modalias. */
    record Target(Optional<PciAddress> address, Optional<String> devpath, Optional<String> modalias) {
        static Target of(CommandLine.Model.CommandSpec spec, String text, Path sysfsRoot) {
            try {
                return parse(text, sysfsRoot);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** @throws IllegalArgumentException naming what {@code text} is not */
        static Target parse(String text, Path sysfsRoot) {
            if (text.startsWith("/")) {
                String root = sysfsRoot.toString();
                String devpath = text.startsWith(root + "/") ? text.substring(root.length()) : text;
                return new Target(Optional.empty(), Optional.of(devpath.replaceAll("/+$", "")), Optional.empty());
            }
            try {
                return new Target(Optional.of(PciAddress.parse(text)), Optional.empty(), Optional.empty());
            } catch (IllegalArgumentException notAnAddress) {
                if (text.matches("[A-Za-z0-9_]+:.*")) {
                    return new Target(Optional.empty(), Optional.empty(), Optional.of(text));
                }
                throw new IllegalArgumentException("\"" + text + "\" is not a PCI address ("
                        + notAnAddress.getMessage() + "), a devpath (/devices/...) or a modalias (bus:...)");
            }
        }
    }
}
