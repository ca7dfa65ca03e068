package org.udevreactor.rules;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pure decision: device snapshot + policy to {@link Decision}. Rules are tried in precedence
 * order; the first whose match table holds in full and whose exclude table has no holding
 * condition decides, and no later rule is consulted, even when that decision is a refusal.
 */
final class Decider {
    private Decider() {
    }

    static Decision decide(Policy policy, DeviceSnapshot device) {
        for (Rule rule : policy.rules()) {
            if (!rule.match().all(device) || rule.exclude().first(device).isPresent()) {
                continue;
            }
            return decide(rule, device);
        }
        return new Decision.NoMatch(device.devpath(), policy.rules().size(), policy.files().size());
    }

    /**
     * Whether {@link #decide} could decide differently once the device is completed from sysfs
     * (driver, attributes, boot_vga; see {@link Condition#readsSysfs()}). Walks the rules as
     * decide does, judging each on the facts it has: a rule that one of those facts already rules
     * out (or excludes) is passed over; a rule with a sysfs condition in the way needs the read;
     * the first rule that holds on those facts alone decides, and needs the read only for the
     * boot_vga guard (a binding rule without force, on a PCI function).
     */
    static boolean needsSysfs(Policy policy, DeviceSnapshot device) {
        for (Rule rule : policy.rules()) {
            Verdict match = judge(rule.match(), device, false);
            if (match == Verdict.NO) {
                continue;
            }
            Verdict excluded = judge(rule.exclude(), device, true);
            if (excluded == Verdict.YES) {
                continue;
            }
            if (match == Verdict.UNKNOWN || excluded == Verdict.UNKNOWN) {
                return true;
            }
            return rule.action().binds() && !rule.force() && device.subsystem().equals("pci");
        }
        return false;
    }

    private enum Verdict { YES, NO, UNKNOWN }

    /**
     * A match table ({@code any} false: every condition must hold) or an exclude table ({@code any}
     * true: one holding condition excludes) on the facts at hand: YES or NO when those settle it,
     * UNKNOWN when it turns on a condition that reads sysfs.
     */
    private static Verdict judge(Match table, DeviceSnapshot device, boolean any) {
        boolean unknown = false;
        for (Condition c : table.conditions()) {
            if (c.readsSysfs()) {
                unknown = true;
            } else if (c.test(device) == any) {
                return any ? Verdict.YES : Verdict.NO;
            }
        }
        return unknown ? Verdict.UNKNOWN : (any ? Verdict.NO : Verdict.YES);
    }

    private static Decision decide(Rule rule, DeviceSnapshot device) {
        String why = "rule " + rule.ref() + " matched " + matched(rule, device) + rule.note().map(n -> ": " + n).orElse("");
        RuleAction action = rule.action();
        if (action.binds() && !rule.force() && device.bootVga().orElse(false)) {
            // Only the guard the snapshot can see; the binder checks the rest on the live system.
            return new Decision.Refused(rule.ref(), Guard.BOOT_VGA, why + "; refused: " + device.pci().map(PciIdentity::address).orElse(device.devpath())
                    + " is the boot VGA device (boot_vga=1) and unbinding it takes the console away; set force = true in the rule to bind it anyway");
        }
        if (action instanceof RuleAction.Vfio) {
            return new Decision.Bind(rule.ref(), new DriverChoice.BestVfio(), rule.group(), rule.force(), rule.sriovNumvfs(), why);
        }
        if (action instanceof RuleAction.Bind b) {
            return new Decision.Bind(rule.ref(), new DriverChoice.Named(b.driver()), rule.group(), rule.force(), rule.sriovNumvfs(), why);
        }
        if (action instanceof RuleAction.Load l) {
            return new Decision.LoadModules(rule.ref(), l.modules(), rule.sriovNumvfs(), why);
        }
        if (action instanceof RuleAction.Release) {
            return new Decision.Release(rule.ref(), rule.sriovNumvfs(), why);
        }
        return new Decision.Ignore(rule.ref(), why);
    }

    /** "vendor=10de, class=0x030000" for each condition of the match table, as the device had it. */
    private static String matched(Rule rule, DeviceSnapshot device) {
        String list = rule.match().conditions().stream()
                .map(c -> c.key() + "=" + c.observed(device))
                .collect(Collectors.joining(", "));
        return Optional.of(list).filter(s -> !s.isEmpty()).orElse("every device");
    }
}
