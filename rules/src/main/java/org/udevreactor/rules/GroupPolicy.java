package org.udevreactor.rules;

/** What a binding rule asks about the device's IOMMU group ({@code iommu_group} key). */
public enum GroupPolicy {
    /** "whole": bind every endpoint of the group the same way, so the group becomes viable. */
    WHOLE("whole"),
    /** "viable" (the default): bind only when every other member is already safe for VFIO, else refuse and name the member. */
    VIABLE("viable"),
    /** "ignore": bind without looking at the group (the device may then be unusable by a guest). */
    IGNORE("ignore");

    private final String tomlName;

    GroupPolicy(String tomlName) {
        this.tomlName = tomlName;
    }

    public String tomlName() {
        return tomlName;
    }
}
