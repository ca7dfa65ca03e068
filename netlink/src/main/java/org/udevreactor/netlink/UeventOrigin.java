package org.udevreactor.netlink;

/** Which wire format an event arrived in: the kernel's own, or udev's re-broadcast with a libudev header. */
public enum UeventOrigin {
    KERNEL, UDEV;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
