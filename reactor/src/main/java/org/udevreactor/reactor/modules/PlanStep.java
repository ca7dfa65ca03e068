package org.udevreactor.reactor.modules;

import java.util.List;

/**
 * One module of a {@link LoadPlan}, with what the loader will do about it and why it is there.
 *
 * @param path relative to the module directory as modules.dep has it; empty unless {@link Action#LOAD}
 * @param options the parameters given to the kernel (modprobe.d, then the kernel command line)
 * @param requires modules that must be in the kernel before this one is tried: its direct
 *        dependencies, and for a softdep "post" module the module it follows
 * @param role why it is in the plan: "requested", "dependency of X", "softdep pre of X", ...
 * @param essential whether the request fails when this module does: the requested modules and
 *        their hard dependencies are; soft dependencies are not
 * @param note the alias that resolved to it, the install command skipped, or empty
 */
public record PlanStep(String module, Action action, String path, String options, List<String> requires, String role,
        boolean essential, String note) {
    public PlanStep {
        requires = List.copyOf(requires);
    }

    public enum Action {
        LOAD,
        BUILTIN,
        BLACKLISTED,
        NOT_FOUND,
        /** modprobe.d has an install command for it; never run, so the module is not loaded. */
        INSTALL_COMMAND
    }

    PlanStep asEssential() {
        return essential ? this : new PlanStep(module, action, path, options, requires, role, true, note);
    }
}
