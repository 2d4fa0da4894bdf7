package org.medwarn.console;

import static org.medwarn.console.Json.arr;
import static org.medwarn.console.Json.obj;
import static org.medwarn.console.Query.allOf;
import static org.medwarn.console.Query.byCodeWithName;
import static org.medwarn.console.Query.term;
import static org.medwarn.console.Query.terms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The warning queue (预警待办) for monitoring officers from {@code medwarn-warnings}: warnings still
 * being handled ({@link Indices#OPEN_STATUSES}: all but CLOSED), highest level first, then oldest
 * first (the one waiting longest is handled first), filtered by township, level and category, one
 * page at a time.
 *
 * <p>The filters go into {@code post_filter} so that the facets (townships and levels with their
 * counts of NEW warnings, for the filter menus) are those of the whole queue. Rows carry masked
 * personal data only (masked name, ID number and person number); {@code person} is the key of the
 * person page.
 *
 * <p>A township officer's queue is limited to their township in the query itself ({@code scope}),
 * so neither rows nor facets show another township.
 *
 * <p>Answer: {@code {total, page, size, filters, rows: [...], townships: [{code, name, count}],
 * levels: {LEVEL: count}}}.
 */
final class QueueQuery {

    /** The fields a queue row shows; nothing else leaves the search engine. */
    static final List<String> ROW_FIELDS =
            List.of(
                    "warning_id",
                    "psn_no",
                    "psn_name_masked",
                    "certno_masked",
                    "category",
                    "identity",
                    "township_code",
                    "township_name",
                    "village_name",
                    "year",
                    "from_level",
                    "to_level",
                    "to_level_rank",
                    "direction",
                    "annual_self_pay_cents",
                    "annual_self_pay_text",
                    "trigger",
                    "event_time",
                    "status",
                    "assignee",
                    "outcome",
                    "ack_due",
                    "visit_due",
                    "overdue");

    private QueueQuery() {}

    /**
     * @param scope the only township to search, or null for all
     */
    static ObjectNode request(QueueFilter f, String scope) {
        List<JsonNode> filters = new ArrayList<>();
        if (f.township() != null) {
            filters.add(term("township_code", f.township()));
        }
        if (f.level() != null) {
            filters.add(term("to_level", f.level()));
        }
        if (f.category() != null) {
            filters.add(term("category", f.category()));
        }
        if (f.year() != null) {
            filters.add(term("year", f.year()));
        }
        return obj(
                "from", (f.page() - 1) * f.size(),
                "size", f.size(),
                "track_total_hits", true,
                "_source", arr(ROW_FIELDS.toArray()),
                "query",
                        Query.inTownship(
                                allOf(Query.anyOf("status", Indices.OPEN_STATUSES)), scope),
                "post_filter", allOf(filters.toArray(JsonNode[]::new)),
                "sort",
                        arr(
                                obj("to_level_rank", obj("order", "desc")),
                                obj("event_time", obj("order", "asc")),
                                obj("warning_id", obj("order", "asc", "unmapped_type", "keyword"))),
                "aggs",
                        obj(
                                "townships",
                                        byCodeWithName("township_code", "township_name", obj()),
                                "levels", terms("to_level", 10)));
    }

    static ObjectNode parse(QueueFilter f, JsonNode response) {
        ArrayNode rows = arr();
        for (JsonNode hit : response.path("hits").path("hits")) {
            ObjectNode row = ((ObjectNode) hit.path("_source")).deepCopy();
            String psnNo = row.path("psn_no").asText();
            row.remove("psn_no");
            row.put("psn_no_masked", Masks.psnNo(psnNo));
            row.put("person", psnNo);
            rows.add(row);
        }
        ArrayNode townships = arr();
        JsonNode aggs = response.path("aggregations");
        for (JsonNode t : aggs.path("townships").path("buckets")) {
            JsonNode names = t.path("name").path("buckets");
            String code = t.path("key").asText();
            townships.add(
                    obj(
                            "code",
                            code,
                            "name",
                            names.isEmpty() ? code : names.get(0).path("key").asText(),
                            "count",
                            t.path("doc_count").asLong()));
        }
        ObjectNode levels = obj();
        for (String level : Indices.LEVELS) {
            levels.put(level, Query.bucket(aggs.path("levels"), level).path("doc_count").asLong());
        }
        ObjectNode out =
                obj(
                        "total", response.path("hits").path("total").path("value").asLong(),
                        "page", f.page(),
                        "size", f.size());
        out.set("filters", Json.MAPPER.valueToTree(f.asMap()));
        out.set("rows", rows);
        out.set("townships", townships);
        out.set("levels", levels);
        return out;
    }
}
