package org.udevreactor.reactor.overrides;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.udevreactor.reactor.binding.BindOutcome;
import org.udevreactor.reactor.binding.Binder;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyLoader;
import org.udevreactor.rules.RuleRef;

/**
 * Setting and removing a persistent override: the file and the binding together, all or nothing.
 * A new override is written only when the whole policy loads with it and it decides the device
 * (no rule of an earlier-sorting file takes the device first, no guard refuses it); it is then
 * applied through the {@link Binder} with the decision the policy makes from the files in place,
 * so what runs now is what coldplug will run. When binding fails, the file change is undone.
 */
public final class OverrideActions {
    /** Reads a device's snapshot ({@code DeviceSnapshots::read} on the live system). */
    public interface Devices {
        DeviceRead read(PciAddress address, Set<String> attributeNames) throws IOException;
    }

    private final OverrideStore store;
    private final Devices devices;
    private final Binder binder;

    public OverrideActions(OverrideStore store, Devices devices, Binder binder) {
        this.store = store;
        this.devices = devices;
        this.binder = binder;
    }

    public OverrideResult set(PciAddress address, OverrideTarget target, boolean force) throws IOException, InterruptedException {
        Optional<byte[]> previous = store.read(address);
        try (OverrideStore.Staged staged = store.stage(address, target, force)) {
            if (staged.result() instanceof LoadResult.Failed failed) {
                return new OverrideResult.Invalid(failed.errors());
            }
            Policy policy = ((LoadResult.Loaded) staged.result()).policy();
            DeviceRead read = devices.read(address, policy.attributeNames());
            if (read instanceof DeviceRead.Gone gone) {
                return new OverrideResult.NotDone(OverrideResult.Kind.DEVICE_GONE, gone + "; nothing written");
            }
            Decision decision = policy.decide(((DeviceRead.Present) read).snapshot());
            if (!decision.rule().map(r -> r.name().equals(OverrideStore.ruleName(address))).orElse(false)) {
                return new OverrideResult.NotDone(OverrideResult.Kind.NOT_DECIDING, "the override would not decide " + address
                        + ": " + decision.reason() + " (that rule's file sorts before " + staged.target().getFileName()
                        + "); nothing written");
            }
            if (decision instanceof Decision.Refused refused) {
                return new OverrideResult.NotDone(OverrideResult.Kind.REFUSED, refused.reason() + "; nothing written");
            }
            staged.commit();
        }
        Path file = store.fileFor(address);
        // Decided again from the files in place, so the decision names the override's real path.
        Optional<Decision> decision = decideNow(address);
        if (decision.isEmpty()) {
            store.restore(address, previous);
            return new OverrideResult.NotDone(OverrideResult.Kind.DEVICE_GONE,
                    "the device or the policy changed while the override was written; it is taken back");
        }
        BindOutcome outcome = binder.apply(address, decision.get());
        boolean undo = !succeeded(outcome);
        if (undo) {
            store.restore(address, previous);
        }
        return new OverrideResult.Applied(file, Optional.of(outcome), undo);
    }

    public OverrideResult unset(PciAddress address) throws IOException, InterruptedException {
        Path file = store.fileFor(address);
        Optional<byte[]> previous = store.read(address);
        if (previous.isEmpty()) {
            return new OverrideResult.NotDone(OverrideResult.Kind.NO_OVERRIDE, "no override for " + address + " (no " + file + ")");
        }
        RuleRef rule = PolicyLoader.loadFiles(List.of(file)) instanceof LoadResult.Loaded loaded && loaded.policy().rules().size() == 1
                ? loaded.policy().rules().get(0).ref() : new RuleRef(OverrideStore.ruleName(address), file, 0);
        store.remove(address);
        if (devices.read(address, Set.of()) instanceof DeviceRead.Gone) {
            return new OverrideResult.Applied(file, Optional.empty(), false);
        }
        Decision release = new Decision.Release(rule, OptionalInt.empty(), "override of " + address + " removed by reactor unset-override");
        BindOutcome outcome = binder.apply(address, release);
        boolean undo = !succeeded(outcome);
        if (undo) {
            store.restore(address, previous);
        }
        return new OverrideResult.Applied(file, Optional.of(outcome), undo);
    }

    private Optional<Decision> decideNow(PciAddress address) throws IOException {
        if (!(PolicyLoader.load(store.policy()) instanceof LoadResult.Loaded loaded)) {
            return Optional.empty();
        }
        DeviceRead read = devices.read(address, loaded.policy().attributeNames());
        return read instanceof DeviceRead.Present present ? Optional.of(loaded.policy().decide(present.snapshot())) : Optional.empty();
    }

    private static boolean succeeded(BindOutcome outcome) {
        return outcome instanceof BindOutcome.Bound || outcome instanceof BindOutcome.AlreadyBound || outcome instanceof BindOutcome.Released;
    }
}
