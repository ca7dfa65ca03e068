package org.udevreactor.reactor.modules;

import java.time.Duration;

/**
 * What happened to one module of a load request. Expected outcomes are values, never
 * exceptions; {@link #took()} is the wall time spent on this module alone (its dependencies
 * have results of their own).
 */
public sealed interface LoadResult {
    String module();

    Duration took();

    /** Whether the module is in the kernel now (loaded, live already, or built in). */
    default boolean satisfied() {
        return this instanceof Loaded || this instanceof AlreadyLive || this instanceof Builtin;
    }

    /** This request's finit_module/init_module call made the module live. */
    record Loaded(String module, String path, String options, Duration took) implements LoadResult {
    }

    /** Live before the call, or another loader's call won (EEXIST). */
    record AlreadyLive(String module, Duration took) implements LoadResult {
    }

    record Builtin(String module, Duration took) implements LoadResult {
    }

    /** An alias resolved to a module that modprobe.d or modprobe.blacklist= blacklists. */
    record Blacklisted(String module, String alias, Duration took) implements LoadResult {
    }

    /** Nothing in the index by that name or alias; {@code module} is the name asked for. */
    record NotFound(String module, Duration took) implements LoadResult {
    }

    /**
     * Not attempted, with why: an {@code install} command that this loader never runs, or a
     * hard dependency that failed.
     */
    record Skipped(String module, String reason, Duration took) implements LoadResult {
    }

    /**
     * The kernel, or reading the module file, refused. {@code errno} is the kernel's (EINVAL for
     * an unknown symbol or bad parameter: dmesg says which); {@code detail} names the call.
     */
    record Failed(String module, String path, int errno, String detail, Duration took) implements LoadResult {
        /** One line naming module, path, errno and what it usually means. */
        public String message() {
            return module + " (" + path + "): " + detail + ": " + ModuleErrno.name(errno) + " (" + ModuleErrno.meaning(errno) + ")";
        }
    }
}
