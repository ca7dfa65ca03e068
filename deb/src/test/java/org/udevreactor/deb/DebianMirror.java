package org.udevreactor.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.udevreactor.testfixtures.vm.HostCommand;

/**
 * The Debian archive this host installs its own release from, read from apt's configuration at
 * run time, so no mirror is ever written into the project: whatever the host's apt sources
 * name (a local mirror, a proxy, a snapshot) serves the test's Debian too.
 */
final class DebianMirror {
    /** apt's own view of every configured index: one line per index, these fields. */
    static final String FORMAT = "$(REPO_URI)|$(CODENAME)|$(ORIGIN)|$(IDENTIFIER)";

    private DebianMirror() {
    }

    /** The archive URI of the host's release, e.g. for bookworm the one holding "bookworm main". */
    static String ofHost(String codename) throws IOException {
        String targets = HostCommand.of("apt-get", "indextargets", "--format", FORMAT).run();
        return forRelease(codename, targets).orElseThrow(() -> new IOException(
                "no Debian archive for " + codename + " in this host's apt sources (`apt-get indextargets`"
                        + " lists none; run apt-get update, or add " + codename + " to /etc/apt/sources.list.d)"));
    }

    /**
     * The repository URI whose Packages index is for exactly this codename from Debian (not its
     * -updates or -security suites, which debootstrap cannot start from).
     */
    static Optional<String> forRelease(String codename, String indextargets) {
        return indextargets.lines()
                .map(line -> List.of(line.split("\\|", -1)))
                .filter(fields -> fields.size() == 4)
                .filter(fields -> fields.get(1).equals(codename) && fields.get(2).equals("Debian")
                        && fields.get(3).equals("Packages"))
                .map(fields -> fields.get(0))
                .findFirst();
    }

    /** VERSION_CODENAME of /etc/os-release, e.g. "bookworm". */
    static String hostCodename() throws IOException {
        Path osRelease = Path.of("/etc/os-release");
        return Files.readAllLines(osRelease).stream()
                .filter(line -> line.startsWith("VERSION_CODENAME="))
                .map(line -> line.substring("VERSION_CODENAME=".length()).replace("\"", ""))
                .filter(name -> !name.isBlank())
                .findFirst()
                .orElseThrow(() -> new IOException(osRelease + " has no VERSION_CODENAME: not a Debian release"));
    }
}
