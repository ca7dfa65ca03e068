package org.udevreactor.reactor.modules;

import java.util.List;

/**
 * What loading {@code request} means, computed from the index and configuration alone (no
 * kernel state): each module once, dependencies and "pre" softdeps before the modules needing
 * them, "post" softdeps after. {@code reactor modprobe -n} prints it.
 */
public record LoadPlan(String request, List<PlanStep> steps) {
    public LoadPlan {
        steps = List.copyOf(steps);
    }
}
