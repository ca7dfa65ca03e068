package org.udevreactor.reactor.cli;

import java.util.ArrayList;
import java.util.List;
import org.udevreactor.rules.GroupPolicy;
import org.udevreactor.rules.Rule;
import org.udevreactor.rules.RuleAction;

/** A rule's action in the words of its TOML keys, e.g. {@code vfio, iommu_group whole, force}. */
final class PolicyText {
    private PolicyText() {
    }

    static String action(Rule rule) {
        List<String> parts = new ArrayList<>();
        RuleAction action = rule.action();
        if (action instanceof RuleAction.Vfio) {
            parts.add("vfio");
        } else if (action instanceof RuleAction.Bind b) {
            parts.add("bind " + b.driver());
        } else if (action instanceof RuleAction.Load l) {
            parts.add("load " + String.join(" ", l.modules()));
        } else if (action instanceof RuleAction.Ignore) {
            parts.add("ignore");
        } else {
            parts.add("release");
        }
        if (action.binds() && rule.group() != GroupPolicy.VIABLE) {
            parts.add("iommu_group " + rule.group().tomlName());
        }
        if (rule.force()) {
            parts.add("force");
        }
        rule.sriovNumvfs().ifPresent(n -> parts.add("sriov_numvfs " + n));
        return String.join(", ", parts);
    }
}
