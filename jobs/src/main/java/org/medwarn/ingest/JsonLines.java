package org.medwarn.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.medwarn.time.ChinaTime;

/**
 * JSON Lines ⇄ Avro records, with the Avro field names (the national platform's, snake_case).
 *
 * <p>Reading: amounts may be JSON numbers or strings, with at most 2 decimals, kept exact; enums by
 * symbol; unknown keys are ignored (newer producers). Writing: amounts as strings with 2 decimals,
 * timestamps as {@code yyyy-MM-dd HH:mm:ss} China time, enums by symbol, bytes as UTF-8 text.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private JsonLines() {}

    /**
     * Fills {@code target} from one JSON object.
     *
     * @throws RejectedInputException NOT_JSON, BAD_AMOUNT or BAD_CATEGORY naming the field
     */
    public static <T extends SpecificRecordBase> T read(byte[] line, T target)
            throws RejectedInputException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new RejectedInputException(
                    DeadLetterReason.NOT_JSON,
                    "not a JSON object: "
                            + (e instanceof JsonProcessingException j
                                    ? j.getOriginalMessage()
                                    : e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new RejectedInputException(DeadLetterReason.NOT_JSON, "not a JSON object");
        }
        Schema schema = target.getSchema();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Schema.Field field = schema.getField(entry.getKey());
            if (field == null || entry.getValue().isNull()) {
                continue;
            }
            target.put(field.pos(), value(field, nonNull(field.schema()), entry.getValue()));
        }
        return target;
    }

    private static Object value(Schema.Field field, Schema schema, JsonNode json)
            throws RejectedInputException {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return decimal(field.name(), json.asText(), decimal.getScale());
        }
        switch (schema.getType()) {
            case ENUM:
                if (!schema.getEnumSymbols().contains(json.asText())) {
                    // The only enum of the input records is the registry's category.
                    throw new RejectedInputException(
                            DeadLetterReason.BAD_CATEGORY,
                            field.name()
                                    + ": '"
                                    + json.asText()
                                    + "' is not one of "
                                    + schema.getEnumSymbols());
                }
                return enumValue(schema, json.asText());
            case INT:
                return json.asInt();
            case LONG:
                return json.asLong();
            case BOOLEAN:
                return json.asBoolean();
            default:
                return json.isTextual() ? json.textValue() : json.toString();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Schema schema, String symbol) {
        try {
            Class<? extends Enum> type =
                    (Class<? extends Enum>) Class.forName(schema.getFullName());
            return Enum.valueOf(type, symbol);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for " + schema.getFullName(), e);
        }
    }

    private static BigDecimal decimal(String field, String text, int scale)
            throws RejectedInputException {
        try {
            BigDecimal value = new BigDecimal(text.trim());
            if (value.stripTrailingZeros().scale() > scale) {
                throw new RejectedInputException(
                        DeadLetterReason.BAD_AMOUNT,
                        field + ": '" + text + "' has more than " + scale + " decimals");
            }
            return value.setScale(scale);
        } catch (NumberFormatException e) {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_AMOUNT, field + ": '" + text + "' is not an amount");
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema s : schema.getTypes()) {
                if (s.getType() != Schema.Type.NULL) {
                    return s;
                }
            }
        }
        return schema;
    }

    /** One record as a JSON object on one line (no trailing newline). */
    public static String write(SpecificRecordBase record) {
        try {
            return MAPPER.writeValueAsString(toNode(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record as a JSON object; arrays of records (screenings, feedback) as arrays of objects. */
    private static ObjectNode toNode(SpecificRecordBase record) {
        ObjectNode node = MAPPER.createObjectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            String name = field.name();
            if (value == null) {
                node.putNull(name);
                continue;
            }
            LogicalType logical = nonNull(field.schema()).getLogicalType();
            if (value instanceof BigDecimal d) {
                node.put(name, d.setScale(2).toPlainString());
            } else if (logical instanceof LogicalTypes.TimestampMillis) {
                node.put(name, ChinaTime.format(toMillis(value)));
            } else if (value instanceof ByteBuffer b) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                node.put(name, new String(bytes, StandardCharsets.UTF_8));
            } else if (value instanceof Integer i) {
                node.put(name, i);
            } else if (value instanceof Long l) {
                node.put(name, l);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else if (value instanceof List<?> list) {
                ArrayNode array = node.putArray(name);
                for (Object item : list) {
                    if (item instanceof SpecificRecordBase r) {
                        array.add(toNode(r));
                    } else {
                        array.add(String.valueOf(item));
                    }
                }
            } else {
                node.put(name, value.toString());
            }
        }
        return node;
    }

    private static long toMillis(Object value) {
        return value instanceof java.time.Instant i ? i.toEpochMilli() : (Long) value;
    }
}
