package org.udevreactor.reactor.daemon.handling;

import java.util.Objects;

/**
 * What handling a device did, or in a dry run would do, in one line.
 *
 * @param summary e.g. "loaded e1000e", "plan: load ptp, e1000e", "nothing to do"
 * @param ok      false when something failed (a load, a bind); the daemon carries on either way
 * @param acted   whether anything was (or, in a dry run, would be) done: loads, binds; false for
 *                "nothing to do" and "ignored", which are logged at debug only
 * @param timing  where the time went (see {@link HandlingTimes}), logged at debug; empty when not measured
 */
public record ActionResult(String summary, boolean ok, boolean acted, String timing) {
    public ActionResult {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(timing, "timing");
    }

    public ActionResult(String summary, boolean ok, boolean acted) {
        this(summary, ok, acted, "");
    }

    public static ActionResult nothing(String why) {
        return new ActionResult(why, true, false);
    }

    public static ActionResult done(String what) {
        return new ActionResult(what, true, true);
    }

    public static ActionResult failed(String what) {
        return new ActionResult(what, false, true);
    }

    public ActionResult withTiming(String value) {
        return new ActionResult(summary, ok, acted, value);
    }
}
