package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import org.udevreactor.reactor.overrides.OverrideResult;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/** Prints how set-override or unset-override ended and gives its exit code (the binding commands' codes). */
final class OverrideReport {
    private OverrideReport() {
    }

    /** @param change "wrote" or "removed" */
    static int print(String command, String change, OverrideResult result, SysfsRoot sysfs, PrintWriter out, PrintWriter err) {
        String prefix = "reactor " + command + ": ";
        int exit;
        if (result instanceof OverrideResult.Invalid invalid) {
            invalid.errors().forEach(e -> err.println(e));
            err.println(prefix + "the policy would not load with this override; nothing written");
            exit = ExitCodes.DATA_ERROR;
        } else if (result instanceof OverrideResult.NotDone notDone) {
            err.println(prefix + notDone.reason());
            exit = switch (notDone.kind()) {
                case NOT_DECIDING -> ExitCodes.DATA_ERROR;
                case REFUSED -> BindingRun.REFUSED;
                case DEVICE_GONE -> BindingRun.GONE;
                case NO_OVERRIDE -> BindingRun.FAILED;
            };
        } else {
            OverrideResult.Applied applied = (OverrideResult.Applied) result;
            out.println(change + " " + applied.file());
            out.flush();
            if (applied.outcome().isEmpty()) {
                out.println("the device is not there: nothing to release");
                exit = ExitCodes.OK;
            } else {
                exit = BindingRun.report(command, applied.outcome().get(), sysfs, out, err);
            }
            if (applied.undone()) {
                err.println(prefix + "binding did not succeed, so the file change is undone (" + applied.file()
                        + (change.equals("wrote") ? " is as it was before" : " is back") + ")");
            }
        }
        out.flush();
        err.flush();
        return exit;
    }
}
