package org.udevreactor.reactor.modules;

/** A module's state as the kernel reports it right now. */
public enum ModuleState {
    /** Not in the kernel. */
    ABSENT,
    /** Being initialised (initstate "coming", /proc/modules "Loading"). */
    COMING,
    LIVE,
    /** Being removed (initstate "going", /proc/modules "Unloading"). */
    GOING,
    /** In /sys/module without an initstate: compiled into the kernel. */
    BUILTIN
}
