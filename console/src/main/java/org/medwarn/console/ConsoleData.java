package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the console's API answers, read from the search engine on every request (the console keeps
 * no copy of the data). Each method is one or two searches; the query and the reading of its answer
 * are in the {@code *Query} classes.
 */
public final class ConsoleData {

    private final SearchClient search;

    public ConsoleData(SearchClient search) {
        this.search = search;
    }

    public String searchUrl() {
        return search.url();
    }

    /** The year asked for, or the latest year that has aggregates (else this year, China time). */
    public int year(String requested) {
        if (requested != null && !requested.isBlank()) {
            return Params.year(requested);
        }
        JsonNode response = search.search(Indices.AGGREGATES, OverviewQuery.latestYearRequest());
        return OverviewQuery.latestYear(response, LocalDate.now(ChinaTime.OFFSET).getYear());
    }

    /** Leadership overview of a year: see {@link OverviewQuery}. */
    public ObjectNode overview(int year) {
        return OverviewQuery.parse(
                year, search.search(Indices.AGGREGATES, OverviewQuery.request(year)));
    }

    /** New warnings per week of a year: see {@link TrendQuery}. */
    public ObjectNode trend(int year) {
        return TrendQuery.parse(year, search.search(Indices.WARNINGS, TrendQuery.request(year)));
    }

    /**
     * One page of the queue of open warnings: see {@link QueueQuery}.
     *
     * @param scope the only township to search (a township officer's), or null for all
     */
    public ObjectNode queue(QueueFilter filter, String scope) {
        return QueueQuery.parse(
                filter, search.search(Indices.WARNINGS, QueueQuery.request(filter, scope)));
    }

    /**
     * The person page, empty if the person is unknown (or not in {@code scope}): see {@link
     * PersonQuery}.
     *
     * @param scope the only township to search (a township officer's), or null for all
     */
    public Optional<ObjectNode> person(String psnNo, String scope) {
        String p = PersonQuery.validPsnNo(psnNo);
        JsonNode ledger = search.search(Indices.LEDGER, PersonQuery.ledgerRequest(p, scope));
        JsonNode history = search.search(Indices.WARNINGS, PersonQuery.historyRequest(p, scope));
        ObjectNode found = PersonQuery.parse(p, ledger, history);
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(
                PersonQuery.withSettlements(
                        found,
                        search.search(Indices.SETTLEMENTS, PersonQuery.settlementsRequest(p))));
    }

    /** The warning document with this id, if it exists within {@code scope} (null: all). */
    public Optional<JsonNode> warning(String warningId, String scope) {
        JsonNode r =
                search.search(
                        Indices.WARNINGS,
                        Json.obj(
                                "size",
                                1,
                                "query",
                                Query.inTownship(Query.term("warning_id", warningId), scope)));
        JsonNode hit = r.path("hits").path("hits").path(0).path("_source");
        return hit.isObject() ? Optional.of(hit) : Optional.empty();
    }

    /** Checks that the search engine answers. */
    public void ping() {
        search.ping();
    }
}
