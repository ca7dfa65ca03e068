package org.udevreactor.reactor.sysfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a fake sysfs tree from a manifest kept as reviewable text (after systemd's
 * test/sys-script.py): one entry per line,
 * <pre>
 * d devices/pci0000:00/0000:00:04.0                      a directory
 * f devices/pci0000:00/0000:00:04.0/vendor 0x1234        a file holding "0x1234\n" ("\n" in the value: a line break)
 * l devices/pci0000:00/0000:00:04.0/subsystem ../../../bus/pci   a symbolic link
 * </pre>
 * Parents are created as needed; '#' starts a comment line.
 */
public final class SysfsTree {
    private SysfsTree() {
    }

    public static void build(Path root, String manifest) throws IOException {
        int lineNumber = 0;
        for (String line : manifest.split("\n")) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 3);
            Path path = root.resolve(parts[1]);
            Files.createDirectories(path.getParent());
            switch (parts[0]) {
                case "d" -> Files.createDirectories(path);
                case "f" -> Files.writeString(path, (parts.length > 2 ? parts[2].replace("\\n", "\n") : "") + "\n");
                case "l" -> Files.createSymbolicLink(path, Path.of(parts[2]));
                default -> throw new IllegalArgumentException("manifest line " + lineNumber + ": unknown entry \"" + parts[0] + "\"");
            }
        }
    }

    /** Builds the tree of a manifest kept beside the test class. */
    public static void buildFromResource(Path root, Class<?> near, String resource) {
        try (InputStream in = near.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " beside " + near.getName());
            }
            build(root, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
