package org.udevreactor.reactor.modules;

import java.util.Optional;

/** How a module file is compressed, told by its name as depmod lists it. */
public enum Compression {
    NONE("", ""),
    GZIP(".gz", "gzip"),
    XZ(".xz", "xz"),
    ZSTD(".zst", "zstd");

    private final String suffix;
    private final String kernelName;

    Compression(String suffix, String kernelName) {
        this.suffix = suffix;
        this.kernelName = kernelName;
    }

    public static Compression of(String path) {
        for (Compression c : values()) {
            if (c != NONE && path.endsWith(c.suffix)) {
                return c;
            }
        }
        return NONE;
    }

    /** The word the kernel writes to /sys/module/compression when it can decompress this itself. */
    public String kernelName() {
        return kernelName;
    }

    /** The compression named by /sys/module/compression's content, if known. */
    public static Optional<Compression> ofKernelName(String name) {
        for (Compression c : values()) {
            if (c != NONE && c.kernelName.equals(name.strip())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
