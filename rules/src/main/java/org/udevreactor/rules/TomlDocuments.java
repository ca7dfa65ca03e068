package org.udevreactor.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * TOML text to a tree, with every way the parser can refuse the text turned into a
 * {@link PolicyError} at a line: for the policy files and the daemon's settings file alike.
 */
public final class TomlDocuments {
    // Dates become their own node type, so a date where a string belongs is a type error, not a string.
    private static final TomlFactory TOML = TomlFactory.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    private TomlDocuments() {
    }

    /**
     * The document's tree, or null after adding the reason to {@code errors}. The error has no key
     * and its message starts with "TOML syntax: ".
     */
    public static JsonNode parse(Path file, String text, List<PolicyError> errors) {
        try {
            return read(text);
        } catch (JsonProcessingException e) {
            // Syntax errors are the one place Jackson knows the line: where its lexer stood, which
            // for some errors (a duplicate key) is the start of the line after the culprit.
            JsonLocation where = e.getLocation();
            errors.add(new PolicyError(file, where == null ? 0 : Math.max(where.getLineNr(), 0), "",
                    "TOML syntax: " + e.getOriginalMessage()));
        } catch (DateTimeParseException e) {
            // Jackson hands a date with a day, month or hour out of range (1979-05-35) to
            // java.time unguarded; its exception knows the text but not the line.
            errors.add(new PolicyError(file, KeyLines.lineOfValue(text, e.getParsedString()), "",
                    "TOML syntax: invalid date or time " + e.getParsedString() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
        }
        return null;
    }

    /**
     * What {@code TomlMapper.readTree(text)} returns or throws, with this class's features, without
     * building a TomlMapper: the factory's parser reads the whole document as it is made (every
     * syntax error and bad date is thrown there), and {@link TomlTree} makes its tree.
     */
    static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser parser = TOML.createParser(text)) {
            return TomlTree.read(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // Reading a String does no I/O; should a reader ever fail, it is reported as the mapper does.
            throw JsonMappingException.fromUnexpectedIOE(e);
        }
    }
}
