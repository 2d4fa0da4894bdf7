package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Small helpers to write search queries as nested JSON literals ({@code obj("term", obj("level",
 * "RED"))}) and to read numbers out of search responses. Values are never spliced into JSON text,
 * so a filter value cannot change the shape of a query.
 */
public final class Json {

    /** The one mapper of the console (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Largest integer a JSON double (how search aggregations return sums) holds exactly: 2^53. */
    static final double MAX_EXACT_DOUBLE = 9_007_199_254_740_992d;

    private Json() {}

    /**
     * An object from alternating keys and values (String, Integer, Long, Double, Boolean, JsonNode
     * or null).
     */
    public static ObjectNode obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("obj() needs key/value pairs");
        }
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], node(keysAndValues[i + 1]));
        }
        return node;
    }

    /** An array of values (String, Integer, Long, Double, Boolean, JsonNode or null). */
    public static ArrayNode arr(Object... values) {
        ArrayNode node = NODES.arrayNode();
        for (Object v : values) {
            node.add(node(v));
        }
        return node;
    }

    static JsonNode node(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof JsonNode n) {
            return n;
        } else if (v instanceof String s) {
            return NODES.textNode(s);
        } else if (v instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (v instanceof Long l) {
            return NODES.numberNode(l);
        } else if (v instanceof Double d) {
            return NODES.numberNode(d);
        } else if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        throw new IllegalArgumentException("unsupported JSON value type: " + v.getClass());
    }

    /**
     * The {@code value} of a sum/max aggregation as an exact {@code long}. Search engines return
     * sums as doubles; sums of whole numbers (persons, cents) are exact below 2^53 (90 billion 元 in
     * cents), and a larger one is an error rather than a silently rounded amount.
     *
     * @throws IllegalStateException if the value is not a whole number or not exactly representable
     */
    public static long exactLong(JsonNode aggregation, String what) {
        JsonNode value = aggregation.path("value");
        if (value.isNull() || value.isMissingNode()) {
            return 0L;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        double d = value.asDouble();
        if (Math.abs(d) >= MAX_EXACT_DOUBLE || d != Math.rint(d)) {
            throw new IllegalStateException(
                    what + ": aggregation value " + value + " is not an exact whole number");
        }
        return (long) d;
    }
}
