package org.udevreactor.rules;

import java.util.List;
import java.util.Objects;

/** What a rule wants done with the devices it matches ({@code action} and its companion keys). */
public sealed interface RuleAction {

    /** True for the actions that take a device away from its host driver, where guards and iommu_group apply. */
    default boolean binds() {
        return false;
    }

    /** "vfio": the best VFIO variant driver by the module index, else vfio-pci. */
    record Vfio() implements RuleAction {
        @Override
        public boolean binds() {
            return true;
        }
    }

    /** "bind" with {@code driver}: this named driver (pci-stub, vfio-pci, ...). */
    record Bind(String driver) implements RuleAction {
        public Bind {
            Objects.requireNonNull(driver, "driver");
        }

        @Override
        public boolean binds() {
            return true;
        }
    }

    /** "load" with {@code modules}: load exactly these modules (with their dependencies) instead of the MODALIAS lookup. */
    record Load(List<String> modules) implements RuleAction {
        public Load {
            modules = List.copyOf(modules);
        }
    }

    /** "ignore": leave the device alone, no module autoload. */
    record Ignore() implements RuleAction {
    }

    /** "release": give the device back to its host driver (clear driver_override, re-probe). */
    record Release() implements RuleAction {
    }
}
