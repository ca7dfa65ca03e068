package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C source of the test VFIO variant driver for QEMU's edu device, kept as resources
 * beside this class. Its digest is part of the cache key, so editing the driver rebuilds it.
 */
final class VariantDriverSource {
    static final String MODULE_NAME = "edu_vfio_pci";
    /** What depmod must derive from the driver's PCI_DRIVER_OVERRIDE_DEVICE_VFIO id table. */
    static final String EXPECTED_ALIAS = "vfio_pci:v00001234d000011E8sv*sd*bc*sc*i* " + MODULE_NAME;

    private static final List<String> FILES = List.of("Kbuild", MODULE_NAME + ".c");

    private VariantDriverSource() {
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) {
            String resource = "driver/" + name;
            try (InputStream in = VariantDriverSource.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource missing beside " + VariantDriverSource.class.getName()
                            + ": " + resource);
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + resource, e);
            }
        }
        return files;
    }

    static void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
    }

    static String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files().entrySet()) {
                sha.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }
}
