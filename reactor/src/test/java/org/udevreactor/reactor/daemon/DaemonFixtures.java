package org.udevreactor.reactor.daemon;

import java.nio.file.Path;
import org.udevreactor.reactor.sysfs.SysfsTree;

/** The daemon tests' shared fake trees. */
public final class DaemonFixtures {
    public static final String NIC = "/devices/pci0000:00/0000:00:02.0";
    public static final String NETDEV = NIC + "/net/ens2";
    public static final String EDU = "/devices/pci0000:00/0000:00:03.0";
    public static final String LOOP = "/devices/virtual/block/loop0";
    public static final String PARTITION = LOOP + "/loop0p1";

    private DaemonFixtures() {
    }

    /**
     * reactor.toml for a fake host in {@code dir}: these sysfs, procfs, module directory and
     * policy directory, its state below {@code dir}, no modprobe.d.
     */
    public static Path settingsFile(Path dir, Path sys, Path proc, Path modulesDir, Path rules) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve("reactor.toml"), String.format("""
                [paths]
                sysfs = "%s"
                procfs = "%s"
                modules_dir = "%s"
                state_dir = "%s"
                rules_dirs = ["%s"]
                modprobe_dirs = []
                """, sys, proc, modulesDir, dir.resolve("state"), rules));
    }

    /** host.tree: a NIC with its netdev, edu, a loop disk with a partition. */
    public static void hostTree(Path sys) {
        SysfsTree.buildFromResource(sys, DaemonFixtures.class, "host.tree");
    }
}
