package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end in headless Chromium: the overview and the queue, rendered from a real search node
 * holding {@link ConsoleFixture}, show the numbers that the search engine's aggregates give when
 * asked directly; screenshots go to {@code target/screenshots/}.
 *
 * <p>Needs the Debian package {@code chromium} ({@code .ci/run} installs it); without it the test
 * is skipped, except under CI where that is a failure.
 */
class ConsoleBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static ConsoleStack stack;

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            String message =
                    "headless Chromium not installed at "
                            + Chromium.BINARY
                            + " (apt-get install -y chromium)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        stack = new ConsoleStack();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Persons and self-pay per level of the year's current aggregate documents matching {@code
     * filter}, summed here from the documents (not with the console's aggregations).
     */
    private static Map<String, long[]> aggregates(JsonNode filter) throws Exception {
        JsonNode query =
                Query.allOf(
                        Query.term("doc_type", "current"),
                        Query.term("year", ConsoleFixture.YEAR),
                        filter);
        return sumByLevel(
                stack.search.search("medwarn-aggregates", obj("size", 1000, "query", query)));
    }

    /** How many NEW warnings match the filters, asked of the search engine directly. */
    private static long newWarnings(JsonNode... filters) throws Exception {
        JsonNode[] all = new JsonNode[filters.length + 1];
        all[0] = Query.term("status", "NEW");
        System.arraycopy(filters, 0, all, 1, filters.length);
        JsonNode r =
                stack.search.search(
                        "medwarn-warnings",
                        obj("size", 0, "track_total_hits", true, "query", Query.allOf(all)));
        return r.at("/hits/total/value").asLong();
    }

    private static Map<String, long[]> sumByLevel(JsonNode searchResponse) {
        Map<String, long[]> sums = new HashMap<>();
        for (String level : Indices.LEVELS) {
            sums.put(level, new long[2]);
        }
        for (JsonNode hit : searchResponse.at("/hits/hits")) {
            long[] s = sums.get(hit.at("/_source/level").asText());
            s[0] += hit.at("/_source/persons").asLong();
            s[1] += hit.at("/_source/self_pay_cents").asLong();
        }
        return sums;
    }

    /** The text of the element with this id in a dumped DOM. */
    private static String byId(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id + " in the page").isTrue();
        return m.group(1).trim();
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", "").replace(" 人", "").trim());
    }

    @Test
    void overviewShowsTheSearchEnginesAggregates() throws Exception {
        String dom = Chromium.dumpDom(stack.baseUrl() + "index.html");
        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom).contains("class=\"banner hidden\"");
        Map<String, long[]> county = aggregates(Query.term("region_level", "county"));
        long warned = 0;
        long warnedCents = 0;
        for (String level : Indices.WARNING_LEVELS) {
            assertThat(number(byId(dom, "kpi-" + level))).as(level).isEqualTo(county.get(level)[0]);
            warned += county.get(level)[0];
            warnedCents += county.get(level)[1];
        }
        assertThat(warned).isPositive();
        assertThat(number(byId(dom, "kpi-warned"))).isEqualTo(warned);
        assertThat(byId(dom, "kpi-self-pay")).isEqualTo(Yuan.text(warnedCents));
        assertThat(byId(dom, "year")).isEqualTo(String.valueOf(ConsoleFixture.YEAR));

        // The township table: every township's row equals its aggregates.
        for (String[] t : ConsoleFixture.TOWNSHIPS) {
            Map<String, long[]> expected = aggregates(Query.term("region_code", t[0]));
            Matcher row =
                    Pattern.compile("<tr data-township=\"" + t[0] + "\">(.*?)</tr>", Pattern.DOTALL)
                            .matcher(dom);
            assertThat(row.find()).as("row of township " + t[1]).isTrue();
            assertThat(row.group(1)).contains(t[1]);
            for (String level : Indices.WARNING_LEVELS) {
                Matcher cell =
                        Pattern.compile("data-level=\"" + level + "\">([^<]*)<")
                                .matcher(row.group(1));
                assertThat(cell.find()).isTrue();
                assertThat(number(cell.group(1)))
                        .as(t[1] + " " + level)
                        .isEqualTo(expected.get(level)[0]);
            }
        }
        // The charts rendered (ECharts bundled, not from a CDN).
        assertThat(dom).doesNotContain("chart-missing").contains("<canvas");
        Chromium.screenshot(
                stack.baseUrl() + "index.html", SCREENSHOTS.resolve("overview.png"), 1600, 1000);
    }

    @Test
    void queueShowsTheNewWarningsMasked() throws Exception {
        String dom = Chromium.dumpDom(stack.baseUrl() + "queue.html");
        assertThat(dom).contains("data-loaded=\"true\"");
        long total = newWarnings();
        assertThat(number(byId(dom, "queue-total"))).isEqualTo(total);
        int rows = dom.split("data-testid=\"queue-row\"", -1).length - 1;
        assertThat(rows).isEqualTo((int) Math.min(total, QueueFilter.DEFAULT_SIZE));
        assertThat(dom)
                .containsPattern(
                        "data-testid=\"queue-row\" data-person=\"P\\d{9}\" data-level=\"RED\"");
        // Personal data is masked: the only full person numbers are the links' keys.
        String shown = dom.replaceAll("data-person=\"[^\"]*\"", "");
        assertThat(shown).doesNotContainPattern("P\\d{9}");
        assertThat(shown).contains("3715**********");
        Chromium.screenshot(
                stack.baseUrl() + "queue.html", SCREENSHOTS.resolve("queue.png"), 1600, 1000);

        String filtered = "queue.html?township=" + ConsoleFixture.TOWNSHIPS[0][0] + "&level=RED";
        String fdom = Chromium.dumpDom(stack.baseUrl() + filtered);
        assertThat(number(byId(fdom, "queue-total")))
                .isEqualTo(
                        newWarnings(
                                Query.term("to_level", "RED"),
                                Query.term("township_code", ConsoleFixture.TOWNSHIPS[0][0])));
    }

    @Test
    void personPageShowsLedgerHistoryAndTheSettlementsPlaceholder() throws Exception {
        String url = stack.baseUrl() + "person.html?psn=" + ConsoleFixture.psnNo(99);
        String dom = Chromium.dumpDom(url);
        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom.split("data-testid=\"history-row\"", -1).length - 1).isEqualTo(2);
        assertThat(dom).contains("data-testid=\"settlements-placeholder\"").contains("P000000099");
        Chromium.screenshot(url, SCREENSHOTS.resolve("person.png"), 1600, 1000);
    }

    @Test
    void unreachableSearchEngineShowsTheRedBanner() throws Exception {
        ConsoleStack.withUnreachableSearch(
                (consoleUrl, searchUrl) -> {
                    String dom = Chromium.dumpDom(consoleUrl + "index.html");
                    assertThat(dom).contains("搜索引擎不可达 / search engine unreachable: " + searchUrl);
                    assertThat(dom).contains("class=\"banner\"");
                    Chromium.screenshot(
                            consoleUrl + "index.html",
                            SCREENSHOTS.resolve("overview-unreachable.png"),
                            1600,
                            1000);
                });
    }
}
