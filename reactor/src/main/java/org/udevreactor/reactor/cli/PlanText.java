package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.udevreactor.reactor.modules.LoadPlan;
import org.udevreactor.reactor.modules.LoadResult;
import org.udevreactor.reactor.modules.PlanStep;

/** One line per plan step or result, for people and for grep. */
final class PlanText {
    private PlanText() {
    }

    /**
     * {@code load MODULE PATH [options="..."] (role)}, {@code builtin MODULE (role)},
     * {@code skip MODULE: why (role)}, {@code missing NAME[: why] (role)}.
     */
    static void print(LoadPlan plan, PrintWriter out) {
        for (PlanStep s : plan.steps()) {
            String why = " (" + s.role() + ")";
            out.println(switch (s.action()) {
                case LOAD -> "load " + s.module() + " " + s.path() + (s.options().isEmpty() ? "" : " options=\"" + s.options() + "\"") + why;
                case BUILTIN -> "builtin " + s.module() + why;
                case BLACKLISTED -> "skip " + s.module() + ": blacklisted, and resolved from alias " + s.note() + why;
                case INSTALL_COMMAND -> "skip " + s.module() + ": modprobe.d has \"" + s.note() + "\", which is never run" + why;
                case NOT_FOUND -> "missing " + s.module() + (s.note().isEmpty() ? "" : ": resolved from alias " + s.note()
                        + " by modprobe.d, not in the index") + why;
            });
        }
    }

    /** A result line; a module the request did not itself need says why it was there. */
    static String result(PlanStep step, LoadResult r) {
        String line = result(r);
        return step.essential() ? line : line + " (" + step.role() + ")";
    }

    private static String result(LoadResult r) {
        String took = String.format(Locale.ROOT, " in %.1f ms", r.took().toNanos() / 1e6);
        if (r instanceof LoadResult.Loaded l) {
            return "loaded " + l.module() + " " + l.path() + (l.options().isEmpty() ? "" : " options=\"" + l.options() + "\"") + took;
        } else if (r instanceof LoadResult.AlreadyLive) {
            return "live " + r.module();
        } else if (r instanceof LoadResult.Builtin) {
            return "builtin " + r.module();
        } else if (r instanceof LoadResult.Blacklisted b) {
            return "blacklisted " + b.module() + " (alias " + b.alias() + ")";
        } else if (r instanceof LoadResult.NotFound) {
            return "missing " + r.module();
        } else if (r instanceof LoadResult.Skipped s) {
            return "skipped " + s.module() + ": " + s.reason();
        }
        return "failed " + ((LoadResult.Failed) r).message() + took;
    }
}
