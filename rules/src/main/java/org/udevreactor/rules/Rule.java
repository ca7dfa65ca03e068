package org.udevreactor.rules;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One validated {@code [[rule]]}.
 *
 * @param group       meaningful for binding actions only (validation rejects it elsewhere)
 * @param force       override the safety guards; binding actions only
 * @param sriovNumvfs VFs to create on a physical function; PCI rules only
 * @param note        the rule's {@code reason} text, added to every decision it makes
 */
public record Rule(RuleRef ref, Match match, Match exclude, RuleAction action, GroupPolicy group, boolean force,
                   OptionalInt sriovNumvfs, Optional<String> note) {
    public Rule {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(exclude, "exclude");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sriovNumvfs, "sriovNumvfs");
        Objects.requireNonNull(note, "note");
    }
}
