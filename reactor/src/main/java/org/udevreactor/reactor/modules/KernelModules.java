package org.udevreactor.reactor.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.udevreactor.netlink.NativeCallException;

/**
 * The kernel's module surface, and nothing else: a real implementation ({@link LinuxKernelModules})
 * and fakes for tests. Every call reads the kernel anew: modules also come and go by other means.
 */
public interface KernelModules {
    /** MODULE_INIT_COMPRESSED_FILE: the kernel decompresses the file itself. */
    int MODULE_INIT_COMPRESSED_FILE = 4;

    ModuleState state(String module) throws IOException;

    /** The format the kernel decompresses in-kernel (/sys/module/compression), if any. */
    Optional<Compression> kernelDecompression() throws IOException;

    /** finit_module(2) on the opened file; throws with the kernel's errno, EEXIST included. */
    void finitModule(Path file, String params, int flags) throws NativeCallException;

    /** init_module(2) on an image already in memory (a module decompressed here from {@code file}). */
    void initModule(Path file, byte[] image, String params) throws NativeCallException;
}
