package org.udevreactor.netlink;

/** The NETLINK_KOBJECT_UEVENT multicast groups. */
public enum NetlinkGroup {
    /** Group 1: events straight from the kernel. */
    KERNEL(1),
    /** Group 2: events udevd re-broadcasts after processing them, in libudev format. */
    UDEV(2);

    private final int number;

    NetlinkGroup(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The bind(2) group mask. */
    int mask() {
        return 1 << (number - 1);
    }
}
