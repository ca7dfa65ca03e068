package org.udevreactor.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A TOML parser's tokens into the tree that databind's {@code ObjectMapper.readTree} makes of them
 * with its default settings, node type for node type, without an ObjectMapper (whose construction
 * loads some 250 classes: a tenth of a second of a cold JVM's start). Integers are int, long or
 * BigInteger nodes by their size, floats decimal nodes (nan and inf double nodes), dates POJO nodes
 * holding their java.time value. {@code TomlTreeTest} holds it to TomlMapper's tree over every
 * TOML file of the repository and the edge cases of the format.
 *
 * <p>Iterative, as databind's reader is: a document nested thousands of tables deep (dotted keys
 * have no depth limit) cannot overflow the stack.
 */
final class TomlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TomlTree() {
    }

    /** The tree of the parser's remaining tokens; a missing node when there are none, as databind. */
    static JsonNode read(JsonParser parser) throws IOException {
        JsonNode root = NODES.missingNode();
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        String name = null;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            if (token == JsonToken.FIELD_NAME) {
                name = parser.currentName();
                continue;
            }
            if (token.isStructEnd()) {
                open.pop();
                continue;
            }
            JsonNode node = switch (token) {
                case START_OBJECT -> NODES.objectNode();
                case START_ARRAY -> NODES.arrayNode();
                default -> scalar(parser, token);
            };
            ContainerNode<?> parent = open.peek();
            if (parent == null) {
                root = node;
            } else if (parent instanceof ObjectNode table) {
                // TOML's parser refuses a duplicate key itself: no key is set twice.
                table.set(name, node);
            } else {
                ((ArrayNode) parent).add(node);
            }
            if (node instanceof ContainerNode<?> container) {
                open.push(container);
            }
        }
        return root;
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            // TOML's parser reads every finite float as a BigDecimal, nan and inf as doubles.
            case VALUE_NUMBER_FLOAT -> parser.getNumberTypeFP() == JsonParser.NumberTypeFP.BIG_DECIMAL
                    ? NODES.numberNode(decimal(parser.getDecimalValue()))
                    : NODES.numberNode(parser.getDoubleValue());
            // A date or time (PARSE_JAVA_TIME): its java.time value.
            case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(parser.getEmbeddedObject());
            default -> throw new IllegalStateException("a TOML parser gave the token " + token + ", which TOML has no value for");
        };
    }

    /**
     * As databind keeps a decimal: its default node factory strips trailing zeros (1.50 reads as 1.5,
     * 100.0 as 1E+2), except where that would take the scale beyond an int (100e2147483647).
     */
    private static BigDecimal decimal(BigDecimal value) {
        if (!NODES.willStripTrailingBigDecimalZeroes()) {
            return value;
        }
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            return value;
        }
    }
}
