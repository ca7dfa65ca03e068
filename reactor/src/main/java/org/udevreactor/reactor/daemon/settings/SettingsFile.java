package org.udevreactor.reactor.daemon.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.udevreactor.rules.KeyLines;
import org.udevreactor.rules.PolicyError;
import org.udevreactor.rules.KeyPath;
import org.udevreactor.rules.TomlDocuments;
import org.udevreactor.rules.TomlValues;

/**
 * Reads reactor.toml. Every key is optional; a missing key keeps its default. Unknown keys and
 * values of the wrong type or range are errors naming FILE:LINE: KEY, all of them at once, and
 * a file with any error is not used at all.
 *
 * <pre>
 * [paths]
 * sysfs = "/sys"
 * procfs = "/proc"
 * modules_dir = "/lib/modules/RELEASE"
 * state_dir = "/var/cache/udev-reactor"
 * index = "STATE_DIR/meta-RELEASE.pb"
 * rules_dirs = ["/usr/lib/reactor/rules.d", "/run/reactor/rules.d", "/etc/reactor/rules.d"]
 * modprobe_dirs = ["/etc/modprobe.d", "/run/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d"]
 * [events]
 * receive_buffer = 134217728
 * workers = 8
 * [modules]
 * coming_timeout = 30.0
 * [control]
 * socket = "/run/reactor/control.sock"
 * group = 0                    # a gid; none by default (root only)
 * [metrics]
 * prometheus_port = 9477       # none by default (no HTTP server)
 * </pre>
 */
public final class SettingsFile {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "paths", Set.of("sysfs", "procfs", "modules_dir", "state_dir", "index", "rules_dirs", "modprobe_dirs"),
            "events", Set.of("receive_buffer", "workers"),
            "modules", Set.of("coming_timeout"),
            "control", Set.of("socket", "group"),
            "metrics", Set.of("prometheus_port"));
    /** The kernel refuses less than this for a receive buffer anyway (SOCK_MIN_RCVBUF is about 2.3 KiB). */
    private static final int MIN_RECEIVE_BUFFER = 4096;
    private static final int MAX_WORKERS = 256;

    private final Path file;
    private final KeyLines lines;
    private final List<PolicyError> errors = new ArrayList<>();

    private SettingsFile(Path file, KeyLines lines) {
        this.file = file;
        this.lines = lines;
    }

    /**
     * The settings of {@code file}. When {@code required} is false a missing file means defaults
     * (the default /etc/reactor/reactor.toml need not exist); a file named on the command line must.
     */
    public static DaemonSettings read(Path file, boolean required) throws SettingsException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            if (!required) {
                return DaemonSettings.defaults();
            }
            throw single(file, "no such file");
        } catch (CharacterCodingException e) {
            throw single(file, "not valid UTF-8 (TOML files are UTF-8)");
        } catch (IOException e) {
            throw single(file, "cannot read: " + e);
        }
        return parse(file, text);
    }

    /** The settings written in {@code text}, errors placed in {@code file}. */
    public static DaemonSettings parse(Path file, String text) throws SettingsException {
        List<PolicyError> syntax = new ArrayList<>();
        JsonNode root = TomlDocuments.parse(file, text, syntax);
        if (!syntax.isEmpty()) {
            throw new SettingsException(syntax);
        }
        if (root == null || root.isMissingNode() || root.isEmpty()) {
            return DaemonSettings.defaults();
        }
        SettingsFile reader = new SettingsFile(file, KeyLines.scan(text));
        DaemonSettings settings = reader.read(root);
        if (!reader.errors.isEmpty()) {
            reader.errors.sort(Comparator.comparingInt(PolicyError::line));
            throw new SettingsException(reader.errors);
        }
        return settings;
    }

    private static SettingsException single(Path file, String message) {
        return new SettingsException(List.of(new PolicyError(file, 0, "", message)));
    }

    private DaemonSettings read(JsonNode root) {
        DaemonSettings d = DaemonSettings.defaults();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String table = it.next();
            KeyPath at = KeyPath.ROOT.key(table);
            if (!KEYS.containsKey(table)) {
                problem(at, "unknown key; expected one of " + String.join(", ", new TreeSet<>(KEYS.keySet())));
            } else if (!root.get(table).isObject()) {
                problem(at, "must be a table, not " + TomlValues.typeName(root.get(table)));
            } else {
                for (Iterator<String> keys = root.get(table).fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!KEYS.get(table).contains(key)) {
                        problem(at.key(key), "unknown key; expected one of " + String.join(", ", new TreeSet<>(KEYS.get(table))));
                    }
                }
            }
        }
        JsonNode paths = table(root, "paths");
        JsonNode events = table(root, "events");
        JsonNode modules = table(root, "modules");
        KeyPath p = KeyPath.ROOT.key("paths");
        Path modulesDir = path(paths, p, "modules_dir", d.modulesDir());
        Path stateDir = path(paths, p, "state_dir", d.stateDir());
        KeyPath e = KeyPath.ROOT.key("events");
        JsonNode control = table(root, "control");
        KeyPath c = KeyPath.ROOT.key("control");
        return new DaemonSettings(
                path(paths, p, "sysfs", d.sysfs()),
                path(paths, p, "procfs", d.procfs()),
                modulesDir,
                stateDir,
                path(paths, p, "index", DaemonSettings.defaultIndex(stateDir, modulesDir)),
                paths(paths, p, "rules_dirs", d.rulesDirs()),
                paths(paths, p, "modprobe_dirs", d.modprobeDirs()),
                integer(events, e, "receive_buffer", d.receiveBufferBytes(), MIN_RECEIVE_BUFFER, Integer.MAX_VALUE),
                integer(events, e, "workers", d.workers(), 1, MAX_WORKERS),
                seconds(modules, KeyPath.ROOT.key("modules"), "coming_timeout", d.comingTimeout()),
                new ControlSettings(path(control, c, "socket", d.control().socket()),
                        optionalInteger(control, c, "group", 0, Integer.MAX_VALUE),
                        optionalInteger(table(root, "metrics"), KeyPath.ROOT.key("metrics"), "prometheus_port", 1, 65535)));
    }

    private static JsonNode table(JsonNode root, String name) {
        JsonNode t = root.get(name);
        return t != null && t.isObject() ? t : null;
    }

    private Path path(JsonNode table, KeyPath at, String key, Path fallback) {
        JsonNode n = table == null ? null : table.get(key);
        return n == null ? fallback : absolutePath(n, at.key(key), fallback);
    }

    private Path absolutePath(JsonNode n, KeyPath at, Path fallback) {
        if (!n.isTextual()) {
            problem(at, "must be a string (an absolute path), not " + TomlValues.typeName(n));
            return fallback;
        }
        Path value = Path.of(n.textValue());
        if (!value.isAbsolute()) {
            problem(at, "must be an absolute path, not \"" + n.textValue() + "\"");
            return fallback;
        }
        return value;
    }

    private List<Path> paths(JsonNode table, KeyPath at, String key, List<Path> fallback) {
        JsonNode n = table == null ? null : table.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isArray()) {
            problem(at.key(key), "must be an array of absolute paths, not " + TomlValues.typeName(n));
            return fallback;
        }
        List<Path> out = new ArrayList<>();
        for (JsonNode element : n) {
            out.add(absolutePath(element, at.key(key), null));
        }
        return out.contains(null) ? fallback : out;
    }

    private int integer(JsonNode table, KeyPath at, String key, int fallback, int min, int max) {
        JsonNode n = table == null ? null : table.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            problem(at.key(key), "must be an integer, not " + TomlValues.typeName(n));
            return fallback;
        }
        if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            problem(at.key(key), "must be between " + min + " and " + max + ", not " + n.asText());
            return fallback;
        }
        return n.intValue();
    }

    private java.util.OptionalInt optionalInteger(JsonNode table, KeyPath at, String key, int min, int max) {
        JsonNode n = table == null ? null : table.get(key);
        if (n == null) {
            return java.util.OptionalInt.empty();
        }
        int errorsBefore = errors.size();
        int value = integer(table, at, key, 0, min, max);
        return errors.size() > errorsBefore ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(value);
    }

    private Duration seconds(JsonNode table, KeyPath at, String key, Duration fallback) {
        JsonNode n = table == null ? null : table.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isNumber() || n.isBigInteger()) {
            problem(at.key(key), "must be a number of seconds, not " + TomlValues.typeName(n));
            return fallback;
        }
        double value = n.doubleValue();
        if (!(value >= 0 && value <= 3600)) {
            problem(at.key(key), "must be between 0 and 3600 seconds, not " + n.asText());
            return fallback;
        }
        return Duration.ofNanos((long) (value * 1e9));
    }

    private void problem(KeyPath at, String message) {
        errors.add(new PolicyError(file, lines.lineOf(at), at.toString(), message));
    }
}
