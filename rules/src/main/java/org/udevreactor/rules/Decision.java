package org.udevreactor.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** What policy says to do with one device, with the rule that said it and why. */
public sealed interface Decision {

    /** A sentence for logs and {@code reactor explain}: the rule, where it is, and what matched. */
    String reason();

    /** The rule that decided; empty for {@link NoMatch}. */
    Optional<RuleRef> rule();

    /** Bind to a driver. The binder still applies every guard (unless force) and the group policy. */
    record Bind(RuleRef matched, DriverChoice driver, GroupPolicy group, boolean force, OptionalInt sriovNumvfs,
                String reason) implements Decision {
        public Bind {
            Objects.requireNonNull(matched, "matched");
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(sriovNumvfs, "sriovNumvfs");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<RuleRef> rule() {
            return Optional.of(matched);
        }
    }

    /** Load these modules (in this order, each with its dependencies) instead of the MODALIAS lookup. */
    record LoadModules(RuleRef matched, List<String> modules, OptionalInt sriovNumvfs, String reason) implements Decision {
        public LoadModules {
            Objects.requireNonNull(matched, "matched");
            modules = List.copyOf(modules);
            Objects.requireNonNull(sriovNumvfs, "sriovNumvfs");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<RuleRef> rule() {
            return Optional.of(matched);
        }
    }

    /** Do nothing for this device: no module autoload, no binding. */
    record Ignore(RuleRef matched, String reason) implements Decision {
        public Ignore {
            Objects.requireNonNull(matched, "matched");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<RuleRef> rule() {
            return Optional.of(matched);
        }
    }

    /** Give the device back to its host driver (a no-op when it has it already). */
    record Release(RuleRef matched, OptionalInt sriovNumvfs, String reason) implements Decision {
        public Release {
            Objects.requireNonNull(matched, "matched");
            Objects.requireNonNull(sriovNumvfs, "sriovNumvfs");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<RuleRef> rule() {
            return Optional.of(matched);
        }
    }

    /**
     * A binding rule matched but a guard forbids it and the rule has no {@code force}. The rule
     * still decided (later rules are not consulted); the device is left to the default handling,
     * as with {@link NoMatch}, so its host driver is autoloaded.
     */
    record Refused(RuleRef matched, Guard guard, String reason) implements Decision {
        public Refused {
            Objects.requireNonNull(matched, "matched");
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<RuleRef> rule() {
            return Optional.of(matched);
        }
    }

    /**
     * No rule matched: the default, module autoload by MODALIAS. The reason is worked out when
     * asked for: most events a busy host sends match no rule, and few of their reasons are read.
     *
     * @param devpath the device's
     * @param rules   the rules tried
     * @param files   the files they came from
     */
    record NoMatch(String devpath, int rules, int files) implements Decision {
        public NoMatch {
            Objects.requireNonNull(devpath, "devpath");
        }

        @Override
        public String reason() {
            return "no rule matched " + devpath + " (" + count(rules, "rule") + " from " + count(files, "file") + ")";
        }

        private static String count(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }

        @Override
        public Optional<RuleRef> rule() {
            return Optional.empty();
        }
    }
}
