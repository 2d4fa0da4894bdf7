package org.medwarn.console;

import static org.medwarn.console.Json.arr;
import static org.medwarn.console.Json.obj;
import static org.medwarn.console.Query.allOf;
import static org.medwarn.console.Query.term;
import static org.medwarn.console.Query.terms;
import static org.medwarn.console.Query.withAggs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Trend of new warnings per week (每周新增预警) of one year from {@code medwarn-warnings}: level changes
 * to BLUE, YELLOW or RED that are not a step down, per calendar week (Monday, China time) of {@code
 * event_time}, by the level reached.
 *
 * <p>Answer: {@code {year, weeks: [{week, BLUE, YELLOW, RED, total}]}}, {@code week} being the
 * Monday as {@code yyyy-MM-dd}; weeks without warnings between the first and the last are present
 * with zeros.
 */
final class TrendQuery {

    private TrendQuery() {}

    static ObjectNode request(int year) {
        ObjectNode query =
                allOf(term("year", year), obj("range", obj("to_level_rank", obj("gte", 1))));
        ((ObjectNode) query.get("bool"))
                .set("must_not", arr(term("direction", Indices.DIRECTION_DOWN)));
        ObjectNode weeks =
                obj(
                        "date_histogram",
                        obj(
                                "field", "event_time",
                                "calendar_interval", "week",
                                "time_zone", "+08:00",
                                "format", "yyyy-MM-dd",
                                "min_doc_count", 0));
        return obj(
                "size",
                0,
                "query",
                query,
                "aggs",
                obj("weeks", withAggs(weeks, obj("by_level", terms("to_level", 10)))));
    }

    static ObjectNode parse(int year, JsonNode response) {
        ArrayNode weeks = arr();
        for (JsonNode w : response.path("aggregations").path("weeks").path("buckets")) {
            ObjectNode week = obj("week", w.path("key_as_string").asText());
            for (String level : Indices.WARNING_LEVELS) {
                week.put(level, Query.bucket(w.path("by_level"), level).path("doc_count").asLong());
            }
            week.put("total", w.path("doc_count").asLong());
            weeks.add(week);
        }
        return obj("year", year, "weeks", weeks);
    }
}
