package org.udevreactor.reactor.modules;

import java.time.Duration;
import java.util.List;

/** The results of carrying out one {@link LoadPlan}, one per step, in the plan's order. */
public record LoadReport(LoadPlan plan, List<LoadResult> results, Duration took) {
    public LoadReport {
        results = List.copyOf(results);
    }

    /**
     * Whether every essential step (the requested modules and their hard dependencies) ended
     * satisfied, blacklisted or skipped by an install command (policy outcomes, not failures).
     * Soft dependencies never fail a request.
     */
    public boolean succeeded() {
        for (int i = 0; i < results.size(); i++) {
            PlanStep step = plan.steps().get(i);
            LoadResult result = results.get(i);
            boolean policy = result instanceof LoadResult.Blacklisted
                    || step.action() == PlanStep.Action.INSTALL_COMMAND;
            if (step.essential() && !result.satisfied() && !policy) {
                return false;
            }
        }
        return true;
    }
}
