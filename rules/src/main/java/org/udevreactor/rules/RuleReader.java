package org.udevreactor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.udevreactor.netlink.UeventAction;

/**
 * Reads the {@code [[rule]]} entries of one parsed file: key names and types, value syntax, and
 * the combinations that cannot work. Every problem is reported; a rule with any problem is left
 * out (and the load fails as a whole, so leaving it out never shows).
 */
final class RuleReader {
    static final Set<String> RULE_KEYS = Set.of("name", "action", "driver", "modules", "iommu_group", "force",
            "sriov_numvfs", "reason", "match", "exclude");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+-]*");
    // Kernel driver names in /sys/bus/pci/drivers: no '/', no blanks; module names: [A-Za-z0-9_-].
    private static final Pattern DRIVER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:+-]*");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> ACTIONS = Set.of("vfio", "bind", "load", "ignore", "release");
    private static final int MAX_NUMVFS = 0xffff;

    private final Problems problems;
    private final Map<String, RuleRef> names;

    /** @param names the names taken so far, across files; this reader adds its rules' names */
    RuleReader(Problems problems, Map<String, RuleRef> names) {
        this.problems = problems;
        this.names = names;
    }

    /** The rules of a whole document; an empty document has none. */
    List<Rule> readDocument(JsonNode root) {
        KeyPath top = KeyPath.ROOT;
        TomlValues.rejectUnknownKeys(root, top, Set.of("rule"), problems);
        JsonNode array = root.get("rule");
        List<Rule> rules = new ArrayList<>();
        if (array == null) {
            return rules;
        }
        if (!array.isArray()) {
            problems.add(top.key("rule"), "must be an array of tables, written [[rule]], not " + TomlValues.typeName(array));
            return rules;
        }
        for (int i = 0; i < array.size(); i++) {
            KeyPath at = top.key("rule").index(i);
            JsonNode entry = array.get(i);
            if (TomlValues.isTable(entry, at, problems)) {
                readRule(entry, at).ifPresent(rules::add);
            }
        }
        return rules;
    }

    private Optional<Rule> readRule(JsonNode t, KeyPath at) {
        int before = problemCount();
        TomlValues.rejectUnknownKeys(t, at, RULE_KEYS, problems);
        RuleRef ref = readName(t, at);
        RuleAction action = readAction(t, at);
        Match match = readMatch(t, at);
        Match exclude = t.has("exclude") && TomlValues.isTable(t.get("exclude"), at.key("exclude"), problems)
                ? MatchReader.read(t.get("exclude"), at.key("exclude"), problems)
                : Match.NOTHING;
        GroupPolicy group = readGroup(t, at, action);
        boolean force = readForce(t, at, action);
        OptionalInt numvfs = readNumvfs(t, at, action, match);
        Optional<String> note = Optional.ofNullable(t.get("reason")).map(n -> TomlValues.string(n, at.key("reason"), problems));
        checkPciAction(at, action, match);
        if (problemCount() > before || ref == null || action == null || match == null) {
            return Optional.empty();
        }
        return Optional.of(new Rule(ref, match, exclude, action, group, force, numvfs, note));
    }

    private RuleRef readName(JsonNode t, KeyPath at) {
        KeyPath where = at.key("name");
        if (!t.has("name")) {
            problems.add(where, "missing; every rule needs a unique name");
            return null;
        }
        String name = TomlValues.string(t.get("name"), where, problems);
        if (name == null) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(where, "bad name \"" + name + "\": letters, digits and _ . : @ + -, starting with a letter or digit");
            return null;
        }
        RuleRef ref = new RuleRef(name, problems.file(), problems.lineOf(at));
        RuleRef earlier = names.putIfAbsent(name, ref);
        if (earlier != null) {
            problems.add(where, "name \"" + name + "\" is already used by the rule at " + earlier.file() + ":" + earlier.line());
            return null;
        }
        return ref;
    }

    private RuleAction readAction(JsonNode t, KeyPath at) {
        KeyPath where = at.key("action");
        String action = t.has("action") ? TomlValues.string(t.get("action"), where, problems) : null;
        if (!t.has("action")) {
            problems.add(where, "missing; one of bind, ignore, load, release, vfio");
        } else if (action != null && !ACTIONS.contains(action)) {
            problems.add(where, "unknown action \"" + action + "\"; expected one of bind, ignore, load, release, vfio");
            action = null;
        }
        String driver = companion(t, at, "driver", action, "bind");
        List<String> modules = t.has("modules") && "load".equals(action)
                ? TomlValues.strings(t.get("modules"), at.key("modules"), problems) : List.of();
        companion(t, at, "modules", action, "load");
        if (driver != null && !DRIVER.matcher(driver).matches()) {
            problems.add(at.key("driver"), "bad driver name \"" + driver + "\": a name from /sys/bus/pci/drivers, e.g. \"pci-stub\"");
        }
        for (String module : modules) {
            if (!MODULE.matcher(module).matches()) {
                problems.add(at.key("modules"), "bad module name \"" + module + "\": letters, digits, '_' and '-'");
            }
        }
        if (action == null) {
            return null;
        }
        switch (action) {
            case "vfio": return new RuleAction.Vfio();
            case "bind": return driver == null ? null : new RuleAction.Bind(driver);
            case "load": return modules.isEmpty() ? null : new RuleAction.Load(modules);
            case "ignore": return new RuleAction.Ignore();
            default: return new RuleAction.Release();
        }
    }

    /**
     * A key that belongs to one action ({@code driver} to bind, {@code modules} to load): missing
     * with that action, or present with another, is an error. Returns the string value for
     * {@code driver}; {@code modules} is read by the caller.
     */
    private String companion(JsonNode t, KeyPath at, String key, String action, String owner) {
        KeyPath where = at.key(key);
        boolean present = t.has(key);
        if (owner.equals(action) && !present) {
            problems.add(where, "missing; action = \"" + owner + "\" needs it");
        } else if (present && action != null && !owner.equals(action)) {
            problems.add(where, "only for action = \"" + owner + "\", not \"" + action + "\"");
        } else if (present && key.equals("driver") && owner.equals(action)) {
            return TomlValues.string(t.get(key), where, problems);
        }
        return null;
    }

    private Match readMatch(JsonNode t, KeyPath at) {
        KeyPath where = at.key("match");
        if (!t.has("match")) {
            problems.add(where, "missing; a rule without a match table would take every device");
            return null;
        }
        if (!TomlValues.isTable(t.get("match"), where, problems)) {
            return null;
        }
        if (t.get("match").isEmpty()) {
            problems.add(where, "empty; a rule without conditions would take every device (write subsystem = \"*\" if that is meant)");
            return null;
        }
        int before = problemCount();
        Match match = MatchReader.read(t.get("match"), where, problems);
        if (problemCount() > before) {
            // A condition left out for its error would make the checks of the whole rule report nonsense.
            return null;
        }
        checkSubsystemAllowsPci(where, match);
        boolean hasAction = match.conditions().stream().anyMatch(c -> c instanceof ActionCondition);
        if (hasAction) {
            return match;
        }
        // Default: "add" only. A remove is too late to act, and change/bind/unbind would re-decide devices already handled.
        List<Condition> withDefault = new ArrayList<>(match.conditions());
        withDefault.add(0, new ActionCondition("action", EnumSet.of(UeventAction.ADD)));
        return new Match(withDefault);
    }

    /** Conditions only a PCI device can meet, together with a subsystem that cannot be "pci", can never match. */
    private void checkSubsystemAllowsPci(KeyPath at, Match match) {
        List<String> pciKeys = match.conditions().stream().filter(RuleReader::needsPci).map(Condition::key).toList();
        Optional<TextCondition> subsystem = subsystem(match);
        if (!pciKeys.isEmpty() && subsystem.isPresent() && subsystem.get().globs().stream().noneMatch(g -> g.matches("pci"))) {
            problems.add(at.key("subsystem"), "can never match: " + String.join(", ", pciKeys) + " need subsystem \"pci\"");
        }
    }

    private GroupPolicy readGroup(JsonNode t, KeyPath at, RuleAction action) {
        KeyPath where = at.key("iommu_group");
        if (!t.has("iommu_group")) {
            return GroupPolicy.VIABLE;
        }
        String value = TomlValues.string(t.get("iommu_group"), where, problems);
        if (value == null) {
            return GroupPolicy.VIABLE;
        }
        GroupPolicy group = null;
        for (GroupPolicy g : GroupPolicy.values()) {
            if (g.tomlName().equals(value)) {
                group = g;
            }
        }
        if (group == null) {
            problems.add(where, "unknown value \"" + value + "\"; expected whole, viable or ignore");
            return GroupPolicy.VIABLE;
        }
        if (action != null && !action.binds()) {
            problems.add(where, "only for binding actions (vfio, bind)");
        }
        return group;
    }

    private boolean readForce(JsonNode t, KeyPath at, RuleAction action) {
        KeyPath where = at.key("force");
        if (!t.has("force")) {
            return false;
        }
        Boolean force = TomlValues.bool(t.get("force"), where, problems);
        if (force != null && action != null && !action.binds()) {
            problems.add(where, "force overrides the safety guards of binding actions (vfio, bind); this rule does not bind");
        }
        return Boolean.TRUE.equals(force);
    }

    private OptionalInt readNumvfs(JsonNode t, KeyPath at, RuleAction action, Match match) {
        KeyPath where = at.key("sriov_numvfs");
        JsonNode n = t.get("sriov_numvfs");
        if (n == null) {
            return OptionalInt.empty();
        }
        if (!n.isIntegralNumber()) {
            problems.add(where, "must be an integer, not " + TomlValues.typeName(n));
            return OptionalInt.empty();
        }
        if (!n.canConvertToInt() || n.intValue() < 0 || n.intValue() > MAX_NUMVFS) {
            problems.add(where, "must be 0 to " + MAX_NUMVFS + ", not " + n);
            return OptionalInt.empty();
        }
        if (match != null && !isPciOnly(match)) {
            problems.add(where, "only for PCI physical functions: the match needs subsystem = \"pci\" or a PCI key");
        }
        if (action instanceof RuleAction.Ignore) {
            problems.add(where, "cannot create VFs on a device the rule ignores");
        }
        return OptionalInt.of(n.intValue());
    }

    /** Binding and releasing work through PCI driver_override, so those rules must match PCI devices only. */
    private void checkPciAction(KeyPath at, RuleAction action, Match match) {
        boolean pciAction = action != null && (action.binds() || action instanceof RuleAction.Release);
        if (pciAction && match != null && !isPciOnly(match)) {
            problems.add(at.key("action"), "binds PCI devices only: the match needs subsystem = \"pci\" or a PCI key ("
                    + "vendor, device, subvendor, subdevice, class, address, boot_vga = true)");
        }
    }

    /** True when only PCI devices can match: a PCI-only condition, or subsystem is exactly "pci". */
    private static boolean isPciOnly(Match match) {
        return match.conditions().stream().anyMatch(RuleReader::needsPci)
                || subsystem(match).map(s -> s.globs().stream().allMatch(g -> g.isLiteral() && g.pattern().equals("pci"))).orElse(false);
    }

    /** A condition that no device without a PCI identity meets (boot_vga = false is met by every non-VGA device). */
    private static boolean needsPci(Condition c) {
        return c instanceof PciIdCondition || c instanceof ClassCondition
                || c instanceof BootVgaCondition b && b.wanted()
                || c instanceof TextCondition t && t.field() == TextField.ADDRESS;
    }

    private static Optional<TextCondition> subsystem(Match match) {
        return match.conditions().stream()
                .filter(c -> c instanceof TextCondition tc && tc.field() == TextField.SUBSYSTEM)
                .map(TextCondition.class::cast)
                .findFirst();
    }

    private int problemCount() {
        return problems.count();
    }
}
