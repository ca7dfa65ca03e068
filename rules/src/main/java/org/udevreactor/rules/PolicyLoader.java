package org.udevreactor.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a policy set from drop-in directories: all files or nothing. Every file is read and
 * checked even after the first error, so one run lists everything to fix.
 */
public final class PolicyLoader {
    // Dates become their own node type, so a date where a string belongs is a type error, not a string.
    private static final TomlMapper TOML = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    private PolicyLoader() {
    }

    public static LoadResult load(PolicyDirectories dirs) {
        List<PolicyError> errors = new ArrayList<>();
        List<Path> files = DropIns.resolve(dirs, errors);
        return read(files, errors);
    }

    /** These files, in this order, as if they were the drop-ins (for {@code reactor rules check FILE...}). */
    public static LoadResult loadFiles(List<Path> files) {
        return read(List.copyOf(files), new ArrayList<>());
    }

    private static LoadResult read(List<Path> files, List<PolicyError> errors) {
        List<Rule> rules = new ArrayList<>();
        Map<String, RuleRef> names = new HashMap<>();
        for (Path file : files) {
            rules.addAll(readFile(file, names, errors));
        }
        return errors.isEmpty() ? new LoadResult.Loaded(new Policy(rules, files)) : new LoadResult.Failed(errors);
    }

    /** One file's content as if read from {@code file}: the fuzz test's way in, without a file system round trip. */
    static LoadResult loadContent(Path file, byte[] content) {
        List<PolicyError> errors = new ArrayList<>();
        List<Rule> rules = parse(file, content, new HashMap<>(), errors);
        return errors.isEmpty() ? new LoadResult.Loaded(new Policy(rules, List.of(file))) : new LoadResult.Failed(errors);
    }

    private static List<Rule> readFile(Path file, Map<String, RuleRef> names, List<PolicyError> errors) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            errors.add(new PolicyError(file, 0, "", "cannot read: " + e));
            return List.of();
        }
        return parse(file, content, names, errors);
    }

    private static List<Rule> parse(Path file, byte[] content, Map<String, RuleRef> names, List<PolicyError> errors) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            errors.add(new PolicyError(file, 0, "", "not valid UTF-8 (TOML files are UTF-8)"));
            return List.of();
        }
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            // Syntax errors are the one place Jackson knows the line: where its lexer stood, which
            // for some errors (a duplicate key) is the start of the line after the culprit.
            JsonLocation where = e.getLocation();
            errors.add(new PolicyError(file, where == null ? 0 : Math.max(where.getLineNr(), 0), "",
                    "TOML syntax: " + e.getOriginalMessage()));
            return List.of();
        } catch (DateTimeParseException e) {
            // Jackson hands a date with a day, month or hour out of range (1979-05-35) to
            // java.time unguarded; its exception knows the text but not the line.
            errors.add(new PolicyError(file, KeyLines.lineOfValue(text, e.getParsedString()), "",
                    "TOML syntax: invalid date or time " + e.getParsedString() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
            return List.of();
        }
        if (root == null || root.isMissingNode()) {
            return List.of();
        }
        int first = errors.size();
        Problems problems = new Problems(file, KeyLines.scan(text), errors);
        List<Rule> rules = new RuleReader(problems, names).readDocument(root);
        // Found in reading order (a rule's match table before its other keys); listed in line order.
        errors.subList(first, errors.size()).sort(Comparator.comparingInt(PolicyError::line));
        return rules;
    }
}
