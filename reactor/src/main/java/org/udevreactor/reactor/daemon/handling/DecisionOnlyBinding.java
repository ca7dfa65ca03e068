package org.udevreactor.reactor.daemon.handling;

import org.udevreactor.rules.Decision;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.DriverChoice;

/**
 * Used until the binder is wired in: states the binding decision and that it was not carried out,
 * as a failed result (so it is logged as a warning with the device), never as if it had happened.
 */
public final class DecisionOnlyBinding implements Binding {
    @Override
    public ActionResult apply(DeviceSnapshot device, Decision decision) {
        String what = decision instanceof Decision.Bind bind ? "bind to " + driver(bind.driver()) : "release to its host driver";
        return ActionResult.failed("policy says " + what + ", but this build has no binder: not done");
    }

    private static String driver(DriverChoice choice) {
        return choice instanceof DriverChoice.Named named ? named.driver() : "the best VFIO driver";
    }
}
