package org.udevreactor.testfixtures.vm;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One guest per test class, so one boot serves several checks. Register it as a static field:
 * {@code @RegisterExtension static final GuestExtension VM = new GuestExtension(GuestSpec.standard());}
 *
 * <p>Skips the class, printing why, only where {@link VmEnvironment#unavailabilityCause()}
 * says the suite cannot run. When a test fails it prints the guest's diagnostics (serial tail,
 * QEMU output, process logs) so the CI log alone explains the failure.
 */
public final class GuestExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final GuestSpec spec;
    private Guest guest;

    public GuestExtension(GuestSpec spec) {
        this.spec = spec;
    }

    public Guest guest() {
        if (guest == null) {
            throw new IllegalStateException("no guest: GuestExtension must be a static @RegisterExtension field");
        }
        return guest;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        var cause = VmEnvironment.unavailabilityCause();
        if (cause.isPresent()) {
            System.out.println("[vm] " + context.getDisplayName() + ": " + cause.get());
            Assumptions.abort(cause.get());
        }
        guest = Guest.boot(spec);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (guest != null) {
            guest.close();
            guest = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (guest != null) {
            System.out.println("[vm] " + context.getDisplayName() + " failed; guest diagnostics follow\n"
                    + guest.diagnostics());
        }
    }
}
