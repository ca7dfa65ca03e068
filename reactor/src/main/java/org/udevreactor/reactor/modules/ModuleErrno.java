package org.udevreactor.reactor.modules;

/** errno names and what they mean when finit_module/init_module return them. */
public final class ModuleErrno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENOEXEC = 8;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ETIMEDOUT = 110;

    private ModuleErrno() {
    }

    public static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 8 -> "ENOEXEC";
            case 9 -> "EBADF";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 22 -> "EINVAL";
            case 26 -> "ETXTBSY";
            case 27 -> "EFBIG";
            case 38 -> "ENOSYS";
            case 61 -> "ENODATA";
            case 74 -> "EBADMSG";
            case 95 -> "EOPNOTSUPP";
            case 110 -> "ETIMEDOUT";
            case 126 -> "ENOKEY";
            case 127 -> "EKEYEXPIRED";
            case 129 -> "EKEYREJECTED";
            default -> "errno " + errno;
        };
    }

    /** The usual cause, worded for an operator. */
    public static String meaning(int errno) {
        return switch (errno) {
            case 1 -> "not permitted: not root, module_blacklist= on the kernel command line, or lockdown";
            case 2 -> "module file missing, or a module it needs is not loaded";
            case 8 -> "not a valid module for this kernel (format, or decompression failed)";
            case 16 -> "busy";
            case 17 -> "already loaded";
            case 22 -> "unknown symbol or bad parameter; dmesg names it";
            case 38 -> "this kernel has no loadable module support";
            case 61, 74, 126, 127, 129 -> "signature rejected";
            case 95 -> "the kernel cannot decompress this format";
            case 110 -> "gave up waiting for the module to finish initialising";
            default -> "see the kernel log";
        };
    }
}
