package org.medwarn.console;

import static org.medwarn.console.Json.arr;
import static org.medwarn.console.Json.exactLong;
import static org.medwarn.console.Json.obj;
import static org.medwarn.console.Query.allOf;
import static org.medwarn.console.Query.bucket;
import static org.medwarn.console.Query.byCodeWithName;
import static org.medwarn.console.Query.nameOf;
import static org.medwarn.console.Query.sum;
import static org.medwarn.console.Query.term;
import static org.medwarn.console.Query.terms;
import static org.medwarn.console.Query.withAggs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The leadership overview (领导总览) of one year from {@code medwarn-aggregates} ({@code doc_type:
 * current}): persons and self-pay per level for the county, per category (帮扶对象 vs 普通参保群众) and per
 * township. One search with aggregations; no document is fetched.
 *
 * <p>Answer: {@code {year, county_name, as_of, levels: {LEVEL: {persons, self_pay_cents,
 * self_pay_text}}, warned: {persons, self_pay_cents, self_pay_text}, categories: {CATEGORY: ROW},
 * townships: [{code, name, ...ROW}]}} with ROW = {@code {NONE, BLUE, YELLOW, RED: persons, warned,
 * warned_self_pay_cents, warned_self_pay_text}} where warned means level BLUE, YELLOW or RED. Every
 * level and category is present (0 when absent).
 */
final class OverviewQuery {

    private OverviewQuery() {}

    /** The latest year that has current aggregates (for pages that ask for no year). */
    static ObjectNode latestYearRequest() {
        return obj(
                "size", 0,
                "query", term("doc_type", "current"),
                "aggs", obj("latest", obj("max", obj("field", "year"))));
    }

    /** The year from {@link #latestYearRequest()}'s response, or {@code fallback} if none. */
    static int latestYear(JsonNode response, int fallback) {
        JsonNode value = response.path("aggregations").path("latest").path("value");
        return value.isNumber() ? value.intValue() : fallback;
    }

    static ObjectNode request(int year) {
        ObjectNode byLevel =
                withAggs(
                        terms("level", 10),
                        obj("persons", sum("persons"), "self_pay", sum("self_pay_cents")));
        ObjectNode county =
                obj(
                        "as_of", obj("max", obj("field", "as_of")),
                        "name", terms("region_name", 1),
                        "by_level", byLevel,
                        "by_category", withAggs(terms("category", 10), obj("by_level", byLevel)));
        ObjectNode townships =
                obj(
                        "by_code",
                        byCodeWithName("region_code", "region_name", obj("by_level", byLevel)));
        return obj(
                "size", 0,
                "query", allOf(term("doc_type", "current"), term("year", year)),
                "aggs",
                        obj(
                                "county",
                                withAggs(obj("filter", term("region_level", "county")), county),
                                "townships",
                                withAggs(
                                        obj("filter", term("region_level", "township")),
                                        townships)));
    }

    static ObjectNode parse(int year, JsonNode response) {
        JsonNode aggs = response.path("aggregations");
        JsonNode county = aggs.path("county");
        ObjectNode out = obj("year", year);
        out.put(
                "county_name",
                county.path("name").path("buckets").isEmpty() ? null : nameOf(county));
        JsonNode asOf = county.path("as_of").path("value");
        out.put("as_of", asOf.isNumber() ? ChinaTime.iso(asOf.longValue()) : null);

        ObjectNode levels = obj();
        long warnedPersons = 0;
        long warnedCents = 0;
        for (String level : Indices.LEVELS) {
            JsonNode bucket = bucket(county.path("by_level"), level);
            long persons = exactLong(bucket.path("persons"), "persons " + level);
            long cents = exactLong(bucket.path("self_pay"), "self_pay_cents " + level);
            levels.set(level, amount(persons, cents));
            if (!"NONE".equals(level)) {
                warnedPersons += persons;
                warnedCents += cents;
            }
        }
        out.set("levels", levels);
        out.set("warned", amount(warnedPersons, warnedCents));

        ObjectNode categories = obj();
        for (String category : Indices.CATEGORIES) {
            JsonNode byLevel = bucket(county.path("by_category"), category).path("by_level");
            categories.set(category, levelRow(obj(), byLevel, category));
        }
        out.set("categories", categories);
        ArrayNode townships = arr();
        for (JsonNode t : aggs.path("townships").path("by_code").path("buckets")) {
            String code = t.path("key").asText();
            townships.add(levelRow(obj("code", code, "name", nameOf(t)), t.path("by_level"), code));
        }
        out.set("townships", townships);
        return out;
    }

    /** Adds persons per level, and the warned persons and their self-pay, to {@code row}. */
    private static ObjectNode levelRow(ObjectNode row, JsonNode byLevel, String what) {
        long warned = 0;
        long warnedCents = 0;
        for (String level : Indices.LEVELS) {
            JsonNode b = bucket(byLevel, level);
            long persons = exactLong(b.path("persons"), what + " " + level + " persons");
            row.put(level, persons);
            if (!"NONE".equals(level)) {
                warned += persons;
                warnedCents += exactLong(b.path("self_pay"), what + " " + level + " self_pay");
            }
        }
        row.put("warned", warned);
        row.put("warned_self_pay_cents", warnedCents);
        row.put("warned_self_pay_text", Yuan.text(warnedCents));
        return row;
    }

    private static ObjectNode amount(long persons, long cents) {
        return obj("persons", persons, "self_pay_cents", cents, "self_pay_text", Yuan.text(cents));
    }
}
