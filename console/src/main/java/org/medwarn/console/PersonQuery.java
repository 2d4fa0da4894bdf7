package org.medwarn.console;

import static org.medwarn.console.Json.arr;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * The person page (个人详情): the person's ledger rows (one per year, newest first) and the level
 * history (every warning, oldest first). This is the one page that shows the person number in full;
 * names and ID numbers are only in the search engine masked, so they are shown masked.
 *
 * <p>The settlements (结算明细) come from {@code medwarn-settlements} (one document per settlement the
 * job received, by {@code setl_id}), newest first, at most {@value #MAX_SETTLEMENTS}; {@code
 * settlements_total} counts them all. They are asked for only once the person is found within the
 * officer's scope (the settlement documents carry no township).
 *
 * <p>Each warning carries, once the monitoring job has applied triage actions, its {@code status},
 * {@code assignee}, {@code outcome}, {@code overdue} and the audit trail {@code history} (who,
 * when, what); the page shows what is there.
 *
 * <p>Answer: {@code {psn_no, ledger: [...], history: [...], settlements: [...], settlements_total,
 * settlements_available}}; a person with neither ledger rows nor warnings is not found (404), and
 * so is a person of another township for a township officer (the queries are limited to their
 * township).
 */
final class PersonQuery {

    static final int MAX_YEARS = 50;
    static final int MAX_WARNINGS = 1000;
    static final int MAX_SETTLEMENTS = 1000;
    private static final Pattern PSN_NO = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private PersonQuery() {}

    /** Checks a person number from a URL before it goes into a query. */
    static String validPsnNo(String psnNo) {
        if (psnNo == null || !PSN_NO.matcher(psnNo).matches()) {
            throw new IllegalArgumentException(
                    "psn_no: '" + psnNo + "' is not a person number (letters, digits, - and _)");
        }
        return psnNo;
    }

    /** The person's ledger rows; {@code scope}: the only township to search, or null for all. */
    static ObjectNode ledgerRequest(String psnNo, String scope) {
        return obj(
                "size", MAX_YEARS,
                "query", Query.inTownship(Query.term("psn_no", psnNo), scope),
                "sort", arr(obj("year", obj("order", "desc"))));
    }

    /** The person's warnings; {@code scope}: the only township to search, or null for all. */
    static ObjectNode historyRequest(String psnNo, String scope) {
        return obj(
                "size", MAX_WARNINGS,
                "query", Query.inTownship(Query.term("psn_no", psnNo), scope),
                "sort",
                        arr(
                                obj("year", obj("order", "asc")),
                                obj("sequence", obj("order", "asc"))));
    }

    /**
     * The person's settlements, newest first, with their exact count. Not limited by township: ask
     * only for a person found in scope.
     */
    static ObjectNode settlementsRequest(String psnNo) {
        return obj(
                "size",
                MAX_SETTLEMENTS,
                "track_total_hits",
                true,
                "query",
                Query.term("psn_no", psnNo),
                "sort",
                arr(obj("setl_time", obj("order", "desc")), obj("setl_id", obj("order", "desc"))));
    }

    /** Adds the settlements of {@link #settlementsRequest} to an answer of {@link #parse}. */
    static ObjectNode withSettlements(ObjectNode person, JsonNode settlements) {
        person.set("settlements", sources(settlements));
        person.put(
                "settlements_total",
                settlements.path("hits").path("total").path("value").asLong(0));
        person.put("settlements_available", true);
        return person;
    }

    /** The answer, or null if the person has no ledger row and no warning. */
    static ObjectNode parse(String psnNo, JsonNode ledger, JsonNode history) {
        ArrayNode years = sources(ledger);
        ArrayNode warnings = sources(history);
        if (years.isEmpty() && warnings.isEmpty()) {
            return null;
        }
        ObjectNode out = obj("psn_no", psnNo);
        out.set("ledger", years);
        out.set("history", warnings);
        out.put("settlements_available", false);
        return out;
    }

    private static ArrayNode sources(JsonNode response) {
        ArrayNode out = arr();
        for (JsonNode hit : response.path("hits").path("hits")) {
            out.add(hit.path("_source"));
        }
        return out;
    }
}
