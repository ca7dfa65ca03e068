package org.udevreactor.testfixtures.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.reactor.modules.LinuxKernelModules;
import org.udevreactor.reactor.modules.ModuleErrno;

/**
 * The floor sides ({@code floor17}, {@code floor25}) of {@link GuestPerformanceBenchmark}: the
 * least any JVM program that loads modules the reactor's way must do. It is given the module
 * files already resolved and in load order (the guest's kmod resolved them before the run,
 * untimed) and calls finit_module on each through the reactor's own jnr-ffi binding, one after
 * another: no index, no sysfs scan, no lookup, no logging framework, no Vert.x. Its time is the
 * JVM's start, jnr-ffi's binding and the kernel's work; a daemon can only add to it.
 *
 * <p>Usage: {@code JvmFloorLoader LIST}, LIST holding one module file per line. A module already
 * loaded (EEXIST) is skipped; any other failure (ENODEV: the hardware is absent) is printed and
 * the next file loaded, as modprobe does for a device's alternatives.
 */
public final class JvmFloorLoader {
    private JvmFloorLoader() {
    }

    public static void main(String[] args) throws IOException {
        LinuxKernelModules kernel = new LinuxKernelModules(Path.of("/sys/module"), Path.of("/proc/modules"), false);
        int loaded = 0;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            try {
                kernel.finitModule(Path.of(line.strip()), "", 0);
                loaded++;
            } catch (NativeCallException e) {
                if (e.errno() != ModuleErrno.EEXIST) {
                    System.err.println("floor: " + line.strip() + ": " + e.getMessage());
                }
            }
        }
        System.out.println("floor: " + loaded + " modules loaded");
    }
}
