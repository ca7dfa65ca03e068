package org.udevreactor.rules;

/**
 * Safety guards: what binding never takes from the host unless the rule says {@code force}.
 * Policy applies {@link #BOOT_VGA} from the snapshot alone; the binder checks every guard again
 * on the live system (the others need it: mounts and routes), so a Bind decision is not a
 * promise that binding is safe.
 */
public enum Guard {
    /** The device the firmware used for the boot console: unbinding it takes the console away. */
    BOOT_VGA,
    /** A storage controller with a mounted filesystem below it: unbinding it pulls the disk from under the mount. */
    MOUNTED_FILESYSTEM,
    /** The NIC of the default route: unbinding it cuts the host off the network (and whoever is managing it). */
    DEFAULT_ROUTE
}
