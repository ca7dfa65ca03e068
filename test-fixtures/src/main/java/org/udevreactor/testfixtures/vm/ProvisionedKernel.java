package org.udevreactor.testfixtures.vm;

import java.nio.file.Path;

/**
 * A Debian kernel unpacked in the cache with the test variant driver added and depmod run.
 *
 * @param abi the kernel's ABI, also the name of its directory under {@code modulesRoot}
 * @param vmlinuz the kernel image to boot
 * @param modulesRoot the directory holding {@code ABI/modules.dep} etc.; the guest mounts it
 *     at /lib/modules
 */
public record ProvisionedKernel(KernelAbi abi, Path vmlinuz, Path modulesRoot) {
    public Path moduleTree() {
        return modulesRoot.resolve(abi.value());
    }

    /** The root that {@code depmod -b} and {@code modprobe -d} take: it holds lib/modules. */
    Path imageRoot() {
        return modulesRoot.getParent().getParent();
    }
}
