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

    /** host.tree: a NIC with its netdev, edu, a loop disk with a partition. */
    public static void hostTree(Path sys) {
        SysfsTree.buildFromResource(sys, DaemonFixtures.class, "host.tree");
    }
}
