package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this host can run the VM suite, and the provisioned kernel it runs with.
 *
 * <p>The suite may be skipped only where it cannot run at all: not root (apt-get download,
 * 9p shares of /usr and /etc) or no apt (not Debian). Everything else that is missing is a
 * failure that says how to fix it, so CI never passes by silently skipping.
 */
public final class VmEnvironment {
    static final Path APT_GET = Path.of("/usr/bin/apt-get");

    private static ProvisionedKernel kernel;
    private static IOException provisioningFailure;

    private VmEnvironment() {
    }

    /** Why the VM suite cannot run here, or empty when it can. */
    public static Optional<String> unavailabilityCause() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return Optional.of("VM suite skipped: it needs root (apt-get download, 9p shares of /usr and /etc);"
                        + " running as uid " + uid);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("VM suite skipped: cannot tell the user id from /proc/self (" + e + ")");
        }
        if (!Files.isExecutable(APT_GET)) {
            return Optional.of("VM suite skipped: no " + APT_GET + " to fetch Debian's kernel (not a Debian host)");
        }
        return Optional.empty();
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Provisions once per JVM; a failure is remembered so later test classes fail fast with the same cause. */
    public static synchronized ProvisionedKernel kernel() throws IOException {
        if (kernel != null) {
            return kernel;
        }
        if (provisioningFailure != null) {
            throw new IOException("VM kernel provisioning failed earlier in this run", provisioningFailure);
        }
        try {
            requireTool(QemuCommandLine.QEMU, "qemu-system-x86");
            requireTool("depmod", "kmod");
            requireTool("make", "make");
            kernel = new KernelProvisioner(KernelProvisioner.defaultCacheRoot()).provision();
            return kernel;
        } catch (IOException | RuntimeException e) {
            provisioningFailure = new IOException("VM kernel provisioning failed" + (inCi() ? " (CI=true)" : "")
                    + ": " + e.getMessage(), e);
            throw provisioningFailure;
        }
    }

    private static void requireTool(String command, String debianPackage) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin"}) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        throw new IOException(command + " not found: run tools/install-deps (Debian package " + debianPackage + ")");
    }
}
