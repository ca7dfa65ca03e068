package org.udevreactor.reactor.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.udevreactor.rules.GroupPolicy;

/**
 * The device's IOMMU group as the rule's {@code iommu_group} setting sees it.
 *
 * @param group    the group number; empty when the device has no IOMMU group (no IOMMU)
 * @param members  the other members, in address order
 * @param blocking the first member that is not viable and is not bound along ({@code viable}
 *                 policy); empty when the group is viable, or the policy binds or ignores them
 */
public record GroupVerdict(Optional<String> group, GroupPolicy policy, List<GroupMember> members, Optional<GroupMember> blocking) {
    public GroupVerdict {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(policy, "policy");
        members = List.copyOf(members);
        Objects.requireNonNull(blocking, "blocking");
    }

    public boolean viable() {
        return members.stream().allMatch(GroupMember::viable);
    }

    @Override
    public String toString() {
        if (group.isEmpty()) {
            return "no IOMMU group";
        }
        String state = policy == GroupPolicy.IGNORE ? "not checked (iommu_group = \"ignore\")"
                : viable() ? "viable" : policy == GroupPolicy.WHOLE ? "bound whole" : "NOT viable";
        return "IOMMU group " + group.get() + ", " + members.size() + " other member(s): " + state;
    }
}
