package org.udevreactor.reactor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** "reactor 0.1.0-SNAPSHOT" plus the Java runtime, from the version file Maven fills in at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/org/udevreactor/reactor/version.properties")) {
            if (in == null) {
                throw new IOException("version.properties is missing from the jar");
            }
            properties.load(in);
        }
        return new String[] {
                "reactor " + properties.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
