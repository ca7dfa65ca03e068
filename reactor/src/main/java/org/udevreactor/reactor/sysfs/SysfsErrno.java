package org.udevreactor.reactor.sysfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * The errno behind an I/O failure on a sysfs file. The JDK keeps only the strerror text (as the
 * exception's message or a {@link FileSystemException}'s reason), so it is mapped back to the name
 * here: callers decide on ENODEV (the device went away) versus EINVAL (the kernel refused the
 * value), and messages say "ENODEV" as the kernel documentation does.
 */
public final class SysfsErrno {
    private static final Map<String, String> BY_TEXT = Map.ofEntries(
            Map.entry("Operation not permitted", "EPERM"),
            Map.entry("No such file or directory", "ENOENT"),
            Map.entry("Interrupted system call", "EINTR"),
            Map.entry("Input/output error", "EIO"),
            Map.entry("No such device or address", "ENXIO"),
            Map.entry("Resource temporarily unavailable", "EAGAIN"),
            Map.entry("Cannot allocate memory", "ENOMEM"),
            Map.entry("Permission denied", "EACCES"),
            Map.entry("Device or resource busy", "EBUSY"),
            Map.entry("File exists", "EEXIST"),
            Map.entry("No such device", "ENODEV"),
            Map.entry("Invalid argument", "EINVAL"),
            Map.entry("No space left on device", "ENOSPC"),
            Map.entry("Read-only file system", "EROFS"),
            Map.entry("Numerical result out of range", "ERANGE"),
            Map.entry("Function not implemented", "ENOSYS"),
            Map.entry("Operation not supported", "EOPNOTSUPP"),
            Map.entry("Connection timed out", "ETIMEDOUT"));

    private SysfsErrno() {
    }

    /** The errno name ("ENODEV"), or "EIO?" with the text when the text is not a known strerror. */
    public static String of(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "ENOENT";
        }
        if (failure instanceof AccessDeniedException) {
            return "EACCES";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "EEXIST";
        }
        String text = failure instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : failure.getMessage();
        String name = text == null ? null : BY_TEXT.get(text.trim());
        return name != null ? name : "EIO? (" + text + ")";
    }

    /**
     * True when the failure means the device (or the file) is no longer there: ENOENT for a removed
     * directory, ENODEV or ENXIO for a file of a device being removed.
     */
    public static boolean isGone(IOException failure) {
        return isGone(of(failure));
    }

    /** True for ENOENT, ENODEV and ENXIO: see {@link #isGone(IOException)}. */
    public static boolean isGone(String errno) {
        return errno.equals("ENOENT") || errno.equals("ENODEV") || errno.equals("ENXIO");
    }
}
