package org.udevreactor.reactor.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.udevreactor.netlink.NativeCallException;

/**
 * The running kernel: state from /sys/module/NAME/initstate and /proc/modules, loading through
 * the system calls. Both directories are parameters so the same code reads a fake tree.
 */
public final class LinuxKernelModules implements KernelModules {
    private final Path sysModule;
    private final Path procModules;

    /** @param sysModule /sys/module; @param procModules /proc/modules */
    public LinuxKernelModules(Path sysModule, Path procModules) {
        this(sysModule, procModules, true);
    }

    /**
     * @param bindNow binds libc now (~80 ms once), so the first load's kernel time is the
     *                kernel's alone; false where loads are unlikely (a dry run, a kernel without
     *                module support): then the first call binds it
     */
    public LinuxKernelModules(Path sysModule, Path procModules, boolean bindNow) {
        this.sysModule = sysModule;
        this.procModules = procModules;
        if (bindNow) {
            Native.unavailabilityCause();
        }
    }

    public static LinuxKernelModules system() {
        return new LinuxKernelModules(Path.of("/sys/module"), Path.of("/proc/modules"));
    }

    /** Null when finit_module can be called at all (it may still fail with ENOSYS), else why not. */
    public static String unavailabilityCause() {
        return Native.unavailabilityCause();
    }

    @Override
    public ModuleState state(String module) throws IOException {
        Path dir = sysModule.resolve(module);
        try {
            String initstate = Files.readString(dir.resolve("initstate"), StandardCharsets.US_ASCII).strip();
            return switch (initstate) {
                case "live" -> ModuleState.LIVE;
                case "coming" -> ModuleState.COMING;
                case "going" -> ModuleState.GOING;
                default -> throw new IOException(dir.resolve("initstate") + ": unexpected state \"" + initstate + "\"");
            };
        } catch (NoSuchFileException e) {
            // No initstate: built in, absent, or so new that sysfs lags /proc/modules.
            Optional<ModuleState> listed = fromProcModules(module);
            if (listed.isPresent()) {
                return listed.get();
            }
            return Files.isDirectory(dir) ? ModuleState.BUILTIN : ModuleState.ABSENT;
        }
    }

    /** The state column of /proc/modules ("Live", "Loading", "Unloading"); empty when unlisted or no such file. */
    private Optional<ModuleState> fromProcModules(String module) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(procModules, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // a kernel without module support has no /proc/modules
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 5 && f[0].equals(module)) {
                return Optional.of(switch (f[4]) {
                    case "Loading" -> ModuleState.COMING;
                    case "Unloading" -> ModuleState.GOING;
                    default -> ModuleState.LIVE;
                });
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Compression> kernelDecompression() throws IOException {
        try {
            return Compression.ofKernelName(Files.readString(sysModule.resolve("compression"), StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void finitModule(Path file, String params, int flags) throws NativeCallException {
        requireAvailable("finit_module");
        Native.finitModule(file.toString(), params, flags);
    }

    @Override
    public void initModule(Path file, byte[] image, String params) throws NativeCallException {
        requireAvailable("init_module");
        Native.initModule(file.toString(), image, params);
    }

    private static void requireAvailable(String call) throws NativeCallException {
        if (Native.unavailabilityCause() != null) {
            throw new NativeCallException(call + " (" + Native.unavailabilityCause() + ")", ModuleErrno.ENOSYS);
        }
    }
}
