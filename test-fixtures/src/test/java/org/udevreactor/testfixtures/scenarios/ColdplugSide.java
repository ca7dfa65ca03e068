package org.udevreactor.testfixtures.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One way of coldplugging in {@link GuestPerformanceBenchmark}: a kind (udevd, the JVM floor, or
 * the reactor as {@code java -jar} or through the launcher on JDK 17 or 25) and, for a JVM side, JVM options
 * added after the side's own (for the launcher: REACTOR_JAVA_OPTIONS, which come after the
 * launcher's flags and so override them). Named as in {@code guestperf.sides}: the kind's name,
 * then the options, space-separated: {@code launcher17 -Xint}.
 *
 * @param name as given in {@code guestperf.sides}, or the alias's name
 * @param options JVM options beyond the kind's; empty for none
 */
record ColdplugSide(String name, Kind kind, String options) {
    /** What runs; a launcher kind also needs its startup archive made in the guest first. */
    enum Kind {
        UDEVD("udevd", "systemd-udevd + udevadm trigger --action=add + udevadm settle"),
        FLOOR_17("floor17", "JVM floor, JDK 17: java + finit_module of the resolved module files (JvmFloorLoader)"),
        FLOOR_25("floor25", "JVM floor, JDK 25 + an AOT cache of its own: the same"),
        JAR("jar", "reactor run --once: java -jar, no archive"),
        LAUNCHER_17("launcher17", "reactor run --once: the launcher, JDK 17 + AppCDS archive"),
        LAUNCHER_25("launcher25", "reactor run --once: the launcher, JDK 25 + AOT cache");

        final String name;
        final String label;

        Kind(String name, String label) {
            this.name = name;
            this.label = label;
        }
    }

    /** Named sides with a fixed meaning, so a README figure names one word. */
    private static final List<ColdplugSide> ALIASES = List.of(
            // What coldplug's early module loads change, in the same guest and rounds.
            new ColdplugSide("launcher17-late", Kind.LAUNCHER_17, "-Dreactor.coldplug.earlyLoads=false"));

    static final ColdplugSide UDEVD = new ColdplugSide("udevd", Kind.UDEVD, "");

    ColdplugSide {
        options = options.strip();
        if (kind == Kind.UDEVD && !options.isEmpty()) {
            throw new IllegalArgumentException("udevd takes no JVM options, got \"" + options + "\"");
        }
        if (options.contains("'")) {
            // They are passed in single quotes to the guest's shell.
            throw new IllegalArgumentException("JVM options cannot contain a single quote: " + options);
        }
    }

    /** The side with no options of each launcher kind: the one its archive is made with. */
    static ColdplugSide plain(Kind kind) {
        return new ColdplugSide(kind.name, kind, "");
    }

    String label() {
        return kind.label + (name.equals(kind.name) ? "" : " [" + name + "]");
    }

    /** A reactor daemon side: it prints a ready line, and its warm-up warms the jar's pages for the others. */
    boolean isDaemon() {
        return kind != Kind.UDEVD && !isFloor();
    }

    boolean isFloor() {
        return kind == Kind.FLOOR_17 || kind == Kind.FLOOR_25;
    }

    boolean isLauncher() {
        return kind == Kind.LAUNCHER_17 || kind == Kind.LAUNCHER_25;
    }

    /**
     * The sides {@code property} names (comma-separated; each a kind, udevd, floor17, floor25, jar, launcher17 or
     * launcher25, optionally followed by JVM options, or an alias: launcher17-late), in order and
     * without repeats, udevd first and always there: every ratio is to it.
     */
    static List<ColdplugSide> parse(String property) {
        List<ColdplugSide> sides = new ArrayList<>(List.of(UDEVD));
        for (String entry : property.split(",")) {
            String spec = entry.strip();
            if (spec.isEmpty()) {
                continue;
            }
            ColdplugSide side = ALIASES.stream().filter(a -> a.name.equals(spec.toLowerCase(Locale.ROOT))).findFirst()
                    .orElseGet(() -> of(spec, property));
            if (!sides.contains(side)) {
                sides.add(side);
            }
        }
        return sides;
    }

    private static ColdplugSide of(String spec, String property) {
        String[] words = spec.split("\\s+", 2);
        String first = words[0].toLowerCase(Locale.ROOT);
        for (Kind kind : Kind.values()) {
            if (kind.name.equals(first)) {
                try {
                    return new ColdplugSide(words.length == 1 ? kind.name : kind.name + " " + words[1].strip(), kind,
                            words.length == 1 ? "" : words[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("guestperf.sides: \"" + spec + "\" in \"" + property + "\": " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException("guestperf.sides: unknown side \"" + words[0] + "\" in \"" + property
                + "\" (known: udevd, floor17, floor25, jar, launcher17, launcher25, each but udevd optionally followed by JVM options; launcher17-late)");
    }
}
