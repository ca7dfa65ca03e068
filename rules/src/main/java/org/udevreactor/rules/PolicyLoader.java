package org.udevreactor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // Null after a syntax error (reported) and for an empty document.
        JsonNode root = TomlDocuments.parse(file, text, errors);
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
