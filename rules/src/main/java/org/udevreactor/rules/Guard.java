package org.udevreactor.rules;

/**
 * Safety guards a decision can apply from the snapshot alone. The binder checks these again and
 * the ones that need the live system (a mounted filesystem below the device, the NIC of the
 * default route), so a Bind decision is not a promise that binding is safe.
 */
public enum Guard {
    /** The device the firmware used for the boot console: unbinding it takes the console away. */
    BOOT_VGA
}
