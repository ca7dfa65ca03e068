package org.udevreactor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.udevreactor.meta.FnmatchPattern;
import org.udevreactor.netlink.UeventAction;

/** Reads a {@code match} or {@code exclude} table into conditions, reporting every bad key. */
final class MatchReader {
    static final Set<String> KEYS = Set.of("subsystem", "action", "vendor", "device", "subvendor", "subdevice", "class",
            "modalias", "address", "driver", "boot_vga", "properties", "attributes");
    // A sysfs attribute below the device's directory: plain names, '/' between them, no "." or "..".
    private static final Pattern ATTRIBUTE = Pattern.compile("(?!\\.{1,2}(/|$))[A-Za-z0-9_.:-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9_.:-]+)*");
    private static final Pattern PROPERTY = Pattern.compile("[^=\\x00]+");

    private MatchReader() {
    }

    static Match read(JsonNode table, KeyPath at, Problems problems) {
        TomlValues.rejectUnknownKeys(table, at, KEYS, problems);
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("properties") || key.equals("attributes")) {
                conditions.addAll(named(key, field.getValue(), at.key(key), problems));
            } else if (KEYS.contains(key)) {
                read(field.getKey(), field.getValue(), at.key(field.getKey()), problems).ifPresent(conditions::add);
            }
        }
        return new Match(conditions);
    }

    private static Optional<Condition> read(String key, JsonNode value, KeyPath at, Problems problems) {
        switch (key) {
            case "subsystem": return text(key, TextField.SUBSYSTEM, null, value, at, problems);
            case "modalias": return text(key, TextField.MODALIAS, null, value, at, problems);
            case "address": return text(key, TextField.ADDRESS, null, value, at, problems);
            case "driver": return text(key, TextField.DRIVER, null, value, at, problems);
            case "action": return actions(value, at, problems);
            case "vendor":
            case "device":
            case "subvendor":
            case "subdevice":
                List<Integer> ids = HexValues.ids(value, at, problems);
                return ids.isEmpty() ? Optional.empty() : Optional.of(new PciIdCondition(key, ids));
            case "class":
                List<ClassPattern> classes = HexValues.classes(value, at, problems);
                return classes.isEmpty() ? Optional.empty() : Optional.of(new ClassCondition(key, classes));
            case "boot_vga":
                Boolean wanted = TomlValues.bool(value, at, problems);
                return wanted == null ? Optional.empty() : Optional.of(new BootVgaCondition(key, wanted));
            default:
                throw new IllegalArgumentException("not a single-condition key: " + key);
        }
    }

    /** A {@code properties} or {@code attributes} table of name = glob(s): one condition per name. */
    private static List<Condition> named(String key, JsonNode table, KeyPath at, Problems problems) {
        List<Condition> out = new ArrayList<>();
        if (!TomlValues.isTable(table, at, problems)) {
            return out;
        }
        boolean attribute = key.equals("attributes");
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            KeyPath where = at.key(e.getKey());
            if (!(attribute ? ATTRIBUTE : PROPERTY).matcher(e.getKey()).matches()) {
                problems.add(where, attribute
                        ? "bad attribute name: a path below the device's sysfs directory, e.g. \"sriov_totalvfs\" or \"power/control\""
                        : "bad property name: must not be empty or contain '='");
                continue;
            }
            text(key + "." + e.getKey(), attribute ? TextField.ATTRIBUTE : TextField.PROPERTY, e.getKey(), e.getValue(), where, problems)
                    .ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Condition> text(String key, TextField field, String name, JsonNode value, KeyPath at, Problems problems) {
        List<FnmatchPattern> globs = TomlValues.globs(value, at, problems);
        return globs.isEmpty() ? Optional.empty() : Optional.of(new TextCondition(key, field, name, globs));
    }

    private static Optional<Condition> actions(JsonNode value, KeyPath at, Problems problems) {
        Set<UeventAction> actions = EnumSet.noneOf(UeventAction.class);
        for (String name : TomlValues.strings(value, at, problems)) {
            Optional<UeventAction> action = UeventAction.fromWire(name);
            if (action.isEmpty()) {
                problems.add(at, "unknown uevent action \"" + name + "\"; expected add, remove, change, move, online, offline, bind or unbind");
            } else {
                actions.add(action.get());
            }
        }
        return actions.isEmpty() ? Optional.empty() : Optional.of(new ActionCondition("action", actions));
    }
}
