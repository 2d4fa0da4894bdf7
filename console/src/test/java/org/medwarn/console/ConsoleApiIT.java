package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's JSON API against a real search node holding {@link ConsoleFixture}. */
class ConsoleApiIT {

    private static ConsoleStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new ConsoleStack();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Persons per level (and their self-pay) of the fixture's ledger, for rows matching a filter.
     */
    private static Map<String, long[]> ledgerByLevel(
            java.util.function.Predicate<ObjectNode> which) {
        Map<String, long[]> out = new TreeMap<>();
        for (String level : Indices.LEVELS) {
            out.put(level, new long[2]);
        }
        for (ObjectNode l : stack.fixture.ledger) {
            if (which.test(l)) {
                long[] s = out.get(l.get("level").asText());
                s[0]++;
                s[1] += l.get("annual_self_pay_cents").asLong();
            }
        }
        return out;
    }

    @Test
    void overviewCountsTheCurrentYearsLedger() throws Exception {
        ConsoleStack.Answer a = stack.get("api/overview");
        assertThat(a.status()).isEqualTo(200);
        JsonNode o = a.body();
        assertThat(o.get("year").asInt()).isEqualTo(ConsoleFixture.YEAR);
        Map<String, long[]> expected = ledgerByLevel(l -> true);
        long warned = 0;
        long warnedCents = 0;
        for (String level : Indices.LEVELS) {
            assertThat(o.at("/levels/" + level + "/persons").asLong())
                    .as(level)
                    .isEqualTo(expected.get(level)[0]);
            assertThat(o.at("/levels/" + level + "/self_pay_cents").asLong())
                    .isEqualTo(expected.get(level)[1]);
            if (!level.equals("NONE")) {
                warned += expected.get(level)[0];
                warnedCents += expected.get(level)[1];
            }
        }
        assertThat(warned).isPositive();
        assertThat(o.at("/warned/persons").asLong()).isEqualTo(warned);
        assertThat(o.at("/warned/self_pay_cents").asLong()).isEqualTo(warnedCents);
        assertThat(o.at("/warned/self_pay_text").asText()).isEqualTo(Yuan.text(warnedCents));
        assertThat(o.at("/as_of").asText()).startsWith("2025-06-30");

        Map<String, long[]> assisted =
                ledgerByLevel(l -> l.get("category").asText().equals("ASSISTED"));
        assertThat(o.at("/categories/ASSISTED/BLUE").asLong()).isEqualTo(assisted.get("BLUE")[0]);
        assertThat(o.at("/categories/ORDINARY/BLUE").asLong()).isZero();
        assertThat(
                        o.at("/categories/ASSISTED/warned").asLong()
                                + o.at("/categories/ORDINARY/warned").asLong())
                .isEqualTo(warned);
    }

    @Test
    void townshipTableHasEveryTownshipWithItsCounts() throws Exception {
        JsonNode rows = stack.get("api/townships?year=2025").body();
        assertThat(rows).hasSize(ConsoleFixture.TOWNSHIPS.length);
        for (JsonNode row : rows) {
            String code = row.get("code").asText();
            Map<String, long[]> expected =
                    ledgerByLevel(l -> l.get("township_code").asText().equals(code));
            for (String level : Indices.LEVELS) {
                assertThat(row.get(level).asLong())
                        .as(code + " " + level)
                        .isEqualTo(expected.get(level)[0]);
            }
        }
        assertThat(rows.get(0).get("name").asText()).isEqualTo("清泉街道");
    }

    @Test
    void otherYearsAndDailySnapshotsAreNotCounted() throws Exception {
        JsonNode o = stack.get("api/overview?year=2024").body();
        assertThat(o.at("/levels/RED/persons").asLong()).isEqualTo(999);
        JsonNode current = stack.get("api/overview?year=2025").body();
        assertThat(current.at("/levels/RED/persons").asLong()).isLessThan(777);
    }

    @Test
    void trendCountsNewWarningsPerWeekButNotStepsDown() throws Exception {
        JsonNode t = stack.get("api/trend").body();
        long up = stack.fixture.countWarnings("direction", "UP");
        long total = 0;
        for (JsonNode w : t.get("weeks")) {
            total += w.get("total").asLong();
            assertThat(w.get("RED").asLong() + w.get("YELLOW").asLong() + w.get("BLUE").asLong())
                    .isEqualTo(w.get("total").asLong());
        }
        assertThat(total).isEqualTo(up);
        assertThat(t.get("weeks").get(0).get("week").asText()).isEqualTo("2025-01-06");
    }

    @Test
    void queueListsOpenWarningsHighestLevelFirstThenOldestMasked() throws Exception {
        JsonNode q = stack.get("api/queue?size=100").body();
        // The fixture's warnings are NEW or DONE (a status that is not open).
        assertThat(q.get("total").asLong()).isEqualTo(stack.fixture.countWarnings("status", "NEW"));
        List<String> order = new ArrayList<>();
        JsonNode previous = null;
        for (JsonNode row : q.get("rows")) {
            assertThat(row.get("status").asText()).isEqualTo("NEW");
            assertThat(row.has("psn_no")).isFalse();
            assertThat(row.get("psn_no_masked").asText()).contains("****");
            if (previous != null) {
                int rank = row.get("to_level_rank").asInt();
                int prevRank = previous.get("to_level_rank").asInt();
                assertThat(rank).isLessThanOrEqualTo(prevRank);
                if (rank == prevRank) {
                    assertThat(row.get("event_time").asText())
                            .isGreaterThanOrEqualTo(previous.get("event_time").asText());
                }
            }
            order.add(row.get("to_level").asText());
            previous = row;
        }
        assertThat(order.get(0)).isEqualTo("RED");
        assertThat(q.get("townships")).hasSize(ConsoleFixture.TOWNSHIPS.length);
    }

    @Test
    void queueFiltersByTownshipLevelAndCategoryAndPages() throws Exception {
        String township = ConsoleFixture.TOWNSHIPS[1][0];
        JsonNode q =
                stack.get(
                                "api/queue?township="
                                        + township
                                        + "&level=YELLOW&category=ORDINARY&size=2")
                        .body();
        long expected =
                stack.fixture.warnings.stream()
                        .filter(w -> w.get("status").asText().equals("NEW"))
                        .filter(w -> w.get("township_code").asText().equals(township))
                        .filter(w -> w.get("to_level").asText().equals("YELLOW"))
                        .filter(w -> w.get("category").asText().equals("ORDINARY"))
                        .count();
        assertThat(expected).isGreaterThan(2);
        assertThat(q.get("total").asLong()).isEqualTo(expected);
        assertThat(q.get("rows")).hasSize(2);
        JsonNode page2 =
                stack.get(
                                "api/queue?township="
                                        + township
                                        + "&level=YELLOW&category=ORDINARY&size=2&page=2")
                        .body();
        assertThat(page2.get("rows").get(0).get("warning_id"))
                .isNotEqualTo(q.get("rows").get(0).get("warning_id"));
        for (JsonNode row : q.get("rows")) {
            assertThat(row.get("township_code").asText()).isEqualTo(township);
        }
        // Facets are those of the whole queue, not of the filtered page.
        assertThat(q.get("townships")).hasSize(ConsoleFixture.TOWNSHIPS.length);
    }

    @Test
    void badFilterValuesAreRejectedNamingTheParameter() throws Exception {
        ConsoleStack.Answer a = stack.get("api/queue?level=PURPLE");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("message").asText()).contains("level").contains("PURPLE");
        assertThat(stack.get("api/queue?township=12").body().get("message").asText())
                .contains("township");
        assertThat(stack.get("api/overview?year=abc").status()).isEqualTo(400);
    }

    @Test
    void personPageHasLedgerLevelHistoryAndSettlements() throws Exception {
        ConsoleStack.Answer a = stack.get("api/persons/" + ConsoleFixture.psnNo(99));
        assertThat(a.status()).isEqualTo(200);
        JsonNode p = a.body();
        assertThat(p.get("psn_no").asText()).isEqualTo("P000000099");
        assertThat(p.get("ledger")).hasSize(1);
        assertThat(p.at("/ledger/0/level").asText()).isEqualTo("BLUE");
        assertThat(p.get("history")).hasSize(2);
        assertThat(p.at("/history/1/from_level").asText()).isEqualTo("YELLOW");
        assertThat(p.get("settlements_available").asBoolean()).isTrue();
        assertThat(p.get("settlements_total").asLong()).isEqualTo(3);
        assertThat(p.at("/settlements/0/setl_id").asText())
                .isEqualTo(ConsoleFixture.settlementId(99, 3));
        assertThat(p.at("/settlements/0/reversal").asBoolean()).isTrue();
        assertThat(p.at("/settlements/0/init_setl_id").asText())
                .isEqualTo(ConsoleFixture.settlementId(99, 2));
        assertThat(p.at("/settlements/2/psn_part_amt_text").asText()).isEqualTo("20000.00");
        // a person without settlement documents has an empty list, not an error
        JsonNode other = stack.get("api/persons/" + ConsoleFixture.psnNo(1)).body();
        assertThat(other.get("settlements")).isEmpty();

        assertThat(stack.get("api/persons/P999999999").status()).isEqualTo(404);
        assertThat(stack.get("api/persons/x%20y").status()).isEqualTo(400);
    }

    @Test
    void unreachableSearchEngineIsA503NamingItsUrl() throws Exception {
        ConsoleStack.withUnreachableSearch(
                (consoleUrl, searchUrl) -> {
                    ConsoleStack.Client county = new ConsoleStack.Client(consoleUrl);
                    assertThat(
                                    county.login("county", "county" + ConsoleStack.PASSWORD_SUFFIX)
                                            .status())
                            .isEqualTo(200);
                    for (String path : List.of("api/overview", "api/queue", "api/health")) {
                        ConsoleStack.Answer r = county.get(path);
                        assertThat(r.status()).as(path).isEqualTo(503);
                        JsonNode body = r.body();
                        assertThat(body.get("error").asText()).isEqualTo("search_unreachable");
                        assertThat(body.get("message").asText())
                                .isEqualTo("搜索引擎不可达 / search engine unreachable: " + searchUrl);
                    }
                });
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesAndBundledEchartsAreServed() throws Exception {
        for (String page : List.of("", "queue.html", "person.html", "vendor/echarts.min.js")) {
            assertThat(get(stack.baseUrl() + page).statusCode()).as(page).isEqualTo(200);
        }
    }
}
