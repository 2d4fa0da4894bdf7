package org.medwarn.console;

import static org.medwarn.console.Json.arr;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Pieces of the search query DSL the console's queries are built from, and of their answers. */
final class Query {

    /** Most regions (townships) a terms aggregation lists; a county has a few dozen. */
    static final int MAX_REGIONS = 1000;

    private Query() {}

    /** {@code {"term": {field: value}}}. */
    static ObjectNode term(String field, Object value) {
        return obj("term", obj(field, value));
    }

    /** {@code {"terms": {field: [values]}}}: any of the values. */
    static ObjectNode anyOf(String field, java.util.List<String> values) {
        return obj("terms", obj(field, arr(values.toArray())));
    }

    /**
     * {@code query} limited to one township's documents ({@code township_code}), or {@code query}
     * itself when {@code township} is null (all townships).
     */
    static ObjectNode inTownship(ObjectNode query, String township) {
        return township == null ? query : allOf(query, term("township_code", township));
    }

    /** {@code {"bool": {"filter": [clauses]}}}: all clauses must match, no scoring. */
    static ObjectNode allOf(JsonNode... clauses) {
        return obj("bool", obj("filter", arr((Object[]) clauses)));
    }

    /** A terms aggregation over a keyword field, at most {@code size} buckets. */
    static ObjectNode terms(String field, int size) {
        return obj("terms", obj("field", field, "size", size));
    }

    /** A sum aggregation. */
    static ObjectNode sum(String field) {
        return obj("sum", obj("field", field));
    }

    /** {@code agg} with sub-aggregations. */
    static ObjectNode withAggs(ObjectNode agg, ObjectNode aggs) {
        agg.set("aggs", aggs);
        return agg;
    }

    /**
     * Buckets per region code (sorted by code) with the region's name as sub-aggregation {@code
     * name} (read with {@link #nameOf}) next to {@code more} sub-aggregations.
     */
    static ObjectNode byCodeWithName(String codeField, String nameField, ObjectNode more) {
        ObjectNode agg =
                obj(
                        "terms",
                        obj("field", codeField, "size", MAX_REGIONS, "order", obj("_key", "asc")));
        ObjectNode aggs = more.deepCopy();
        aggs.set("name", terms(nameField, 1));
        return withAggs(agg, aggs);
    }

    /** The name of a {@link #byCodeWithName} bucket; its code if it has none. */
    static String nameOf(JsonNode bucket) {
        JsonNode name = bucket.path("name").path("buckets").path(0).path("key");
        return name.isTextual() ? name.asText() : bucket.path("key").asText();
    }

    /** The bucket with this key in a terms aggregation's answer, or an empty node. */
    static JsonNode bucket(JsonNode terms, String key) {
        for (JsonNode b : terms.path("buckets")) {
            if (key.equals(b.path("key").asText())) {
                return b;
            }
        }
        return Json.MAPPER.createObjectNode();
    }
}
