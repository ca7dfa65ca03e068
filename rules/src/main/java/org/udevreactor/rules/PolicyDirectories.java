package org.udevreactor.rules;

import java.nio.file.Path;
import java.util.List;

/**
 * The drop-in directories, lowest precedence first. A file in a later directory replaces the file
 * of the same name in an earlier one (systemd's convention: the vendor ships /usr/lib, the admin
 * overrides in /etc, /run holds what tools generate for this boot).
 */
public record PolicyDirectories(List<Path> directories) {
    private static final List<String> STANDARD = List.of("usr/lib/reactor/rules.d", "run/reactor/rules.d", "etc/reactor/rules.d");

    public PolicyDirectories {
        directories = List.copyOf(directories);
    }

    /** /usr/lib/reactor/rules.d, /run/reactor/rules.d, /etc/reactor/rules.d. */
    public static PolicyDirectories standard() {
        return under(Path.of("/"));
    }

    /** The standard three below another root, for fake trees and VM guests. */
    public static PolicyDirectories under(Path root) {
        return new PolicyDirectories(STANDARD.stream().map(root::resolve).toList());
    }

    public static PolicyDirectories of(Path... directories) {
        return new PolicyDirectories(List.of(directories));
    }
}
