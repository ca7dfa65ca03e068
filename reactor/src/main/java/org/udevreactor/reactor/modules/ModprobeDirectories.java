package org.udevreactor.reactor.modules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which modprobe.d files count, in which order, as modprobe.d(5) says: every "*.conf" in the
 * directories, a file name in an earlier directory hiding the same name in later ones (so
 * /etc overrides /usr/lib, and a link to /dev/null masks a file), all read sorted by file name
 * whatever their directory.
 */
public final class ModprobeDirectories {
    /** modprobe.d(5)'s directories, most important first. */
    public static final List<Path> SYSTEM = List.of(Path.of("/etc/modprobe.d"), Path.of("/run/modprobe.d"),
            Path.of("/usr/lib/modprobe.d"), Path.of("/lib/modprobe.d"));

    private ModprobeDirectories() {
    }

    /** The files to read, in reading order; missing directories are skipped. */
    public static List<Path> files(List<Path> directories) throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.conf")) {
                for (Path entry : entries) {
                    // Follows links: a link to /dev/null is not a regular file, but it still hides the name.
                    if (Files.isDirectory(entry)) {
                        continue;
                    }
                    byName.putIfAbsent(entry.getFileName().toString(), entry);
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** Parses every file of {@link #files} into one configuration, problems named by file:line. */
    public static ModprobeConfig.Builder read(List<Path> directories, ModprobeConfig.Builder into) throws IOException {
        for (Path file : files(directories)) {
            ModprobeFileParser.parse(file, Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1), into);
        }
        return into;
    }
}
