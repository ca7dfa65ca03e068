package org.udevreactor.netlink;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reviewable test data lives: test-fixtures/ at the top of the repository. */
final class Fixtures {
    private Fixtures() {
    }

    static Path uevents() {
        String root = System.getProperty("udevreactor.fixtures");
        if (root == null) {
            throw new IllegalStateException("system property udevreactor.fixtures is not set (the parent pom sets it"
                    + " for surefire and failsafe)");
        }
        Path dir = Path.of(root, "uevents");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("uevent fixtures missing: " + dir);
        }
        return dir;
    }
}
