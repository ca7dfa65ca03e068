package org.udevreactor.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which policy files count, in which order: every {@code *.toml} of every directory, a later
 * directory's file replacing an earlier one of the same name, all sorted by file name (byte
 * order, like strcmp: "10-a.toml" before "9-b.toml"), whatever directory each came from.
 *
 * <p>Edge cases, as systemd treats drop-ins: a missing directory is no error; names starting with
 * '.' are skipped; a file that is a symlink to /dev/null (or empty) masks the earlier file of its
 * name and contributes no rules; other entries that are not regular files are skipped.
 */
final class DropIns {
    private static final Path DEV_NULL = Path.of("/dev/null");

    private DropIns() {
    }

    /** The files to read, masked ones left out; unreadable directories are reported in {@code errors}. */
    static List<Path> resolve(PolicyDirectories dirs, List<PolicyError> errors) {
        // Keys compared as UTF-8 bytes would be strcmp; for the ASCII names used here String order is the same.
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : dirs.directories()) {
            if (!Files.exists(dir)) {
                continue;
            }
            if (!Files.isDirectory(dir)) {
                errors.add(new PolicyError(dir, 0, "", "not a directory"));
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.toml")) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(".") && (Files.isRegularFile(entry) || isDevNull(entry))) {
                        byName.put(name, entry);
                    }
                }
            } catch (IOException e) {
                errors.add(new PolicyError(dir, 0, "", "cannot list: " + e));
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path file : byName.values()) {
            if (!isDevNull(file)) {
                files.add(file);
            }
        }
        return files;
    }

    private static boolean isDevNull(Path p) {
        try {
            return Files.isSymbolicLink(p) && p.toRealPath().equals(DEV_NULL);
        } catch (IOException e) {
            return false;
        }
    }
}
