package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;

/**
 * End to end in headless Chromium (driven over DevTools: {@link ChromiumSession}), logged in
 * through the login page: the overview and the queue, rendered from a real search node holding
 * {@link ConsoleFixture}, show the numbers that the search engine's aggregates give when asked
 * directly; an officer acknowledges a warning in the queue and the action lands on the Kafka topic
 * {@code triage}; leadership sees no queue. Screenshots go to {@code target/screenshots/}.
 *
 * <p>Needs the Debian package {@code chromium} ({@code .ci/run} installs it); without it the test
 * is skipped, except under CI where that is a failure.
 */
class ConsoleBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static ConsoleStack stack;
    private static ChromiumSession browser;

    @BeforeAll
    static void start() throws Exception {
        BrowserChecks.requireChromium();
        stack = new ConsoleStack(true);
        browser = ChromiumSession.start(1600, 1000);
        browser.login(stack.baseUrl(), "county", "county" + ConsoleStack.PASSWORD_SUFFIX);
    }

    @AfterAll
    static void stop() throws Exception {
        BrowserChecks.closeAll(browser, stack);
    }

    /** The DOM of a console page once it has loaded its data, as the county officer. */
    private static String page(String path) throws Exception {
        browser.open(stack.baseUrl() + path, BrowserChecks.LOADED);
        return browser.dom();
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
        return BrowserChecks.sumByLevel(
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

    @Test
    void overviewShowsTheSearchEnginesAggregates() throws Exception {
        String dom = page("index.html");
        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom).contains("class=\"banner hidden\"");
        Map<String, long[]> county = aggregates(Query.term("region_level", "county"));
        BrowserChecks.assertCountyKpis(dom, county);
        assertThat(BrowserChecks.byId(dom, "year")).isEqualTo(String.valueOf(ConsoleFixture.YEAR));

        // The township table: every township's row equals its aggregates.
        for (String[] t : ConsoleFixture.TOWNSHIPS) {
            Map<String, long[]> expected = aggregates(Query.term("region_code", t[0]));
            Matcher row =
                    Pattern.compile("<tr data-township=\"" + t[0] + "\">(.*?)</tr>", Pattern.DOTALL)
                            .matcher(dom);
            assertThat(row.find()).as("row of township " + t[1]).isTrue();
            assertThat(row.group(1)).contains(t[1]);
            BrowserChecks.assertTownshipRow(row.group(1), t[1], expected);
        }
        // The charts rendered (ECharts bundled, not from a CDN).
        assertThat(dom).doesNotContain("chart-missing").contains("<canvas");
        browser.screenshot(SCREENSHOTS.resolve("overview.png"));
    }

    @Test
    void queueShowsTheNewWarningsMasked() throws Exception {
        String dom = page("queue.html");
        assertThat(dom).contains("data-loaded=\"true\"");
        long total = newWarnings();
        assertThat(BrowserChecks.number(BrowserChecks.byId(dom, "queue-total"))).isEqualTo(total);
        int rows = dom.split("data-testid=\"queue-row\"", -1).length - 1;
        assertThat(rows).isEqualTo((int) Math.min(total, QueueFilter.DEFAULT_SIZE));
        assertThat(dom)
                .containsPattern(
                        "data-testid=\"queue-row\" data-person=\"P\\d{9}\" data-level=\"RED\"");
        // Personal data is masked: the only full person numbers are the rows' and buttons' keys.
        String shown = dom.replaceAll("data-(person|warning)=\"[^\"]*\"", "");
        assertThat(shown).doesNotContainPattern("P\\d{9}");
        assertThat(shown).contains("3715**********");
        browser.screenshot(SCREENSHOTS.resolve("queue.png"));

        String filtered = "queue.html?township=" + ConsoleFixture.TOWNSHIPS[0][0] + "&level=RED";
        String fdom = page(filtered);
        assertThat(BrowserChecks.number(BrowserChecks.byId(fdom, "queue-total")))
                .isEqualTo(
                        newWarnings(
                                Query.term("to_level", "RED"),
                                Query.term("township_code", ConsoleFixture.TOWNSHIPS[0][0])));
    }

    @Test
    void personPageShowsLedgerHistoryAndSettlements() throws Exception {
        String dom = page("person.html?psn=" + ConsoleFixture.psnNo(99));
        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom.split("data-testid=\"history-row\"", -1).length - 1).isEqualTo(2);
        assertThat(dom.split("data-testid=\"settlement-row\"", -1).length - 1).isEqualTo(3);
        assertThat(dom).contains(ConsoleFixture.settlementId(99, 3)).contains("P000000099");
        browser.screenshot(SCREENSHOTS.resolve("person.png"));
    }

    @Test
    void unreachableSearchEngineShowsTheRedBanner() throws Exception {
        ConsoleStack.withUnreachableSearch(
                (consoleUrl, searchUrl) -> {
                    try (ChromiumSession other = ChromiumSession.start(1600, 1000)) {
                        other.login(consoleUrl, "leader", "leader" + ConsoleStack.PASSWORD_SUFFIX);
                        other.open(
                                consoleUrl + "index.html",
                                "!document.getElementById('banner').classList.contains('hidden')");
                        String dom = other.dom();
                        assertThat(dom)
                                .contains("搜索引擎不可达 / search engine unreachable: " + searchUrl);
                        assertThat(dom).contains("class=\"banner\"");
                        other.screenshot(SCREENSHOTS.resolve("overview-unreachable.png"));
                    }
                });
    }

    @Test
    void anOfficerLogsInAndAcknowledgesAWarningThatLandsOnTheTriageTopic() throws Exception {
        String dom = page("queue.html");
        assertThat(dom).contains("data-testid=\"user\"").contains("data-testid=\"ack-button\"");
        String warningId =
                browser.eval("document.querySelector('[data-testid=ack-button]').dataset.warning")
                        .asText();
        browser.eval("document.querySelector('[data-testid=ack-button]').click(); true");
        browser.await("document.querySelector('[data-testid=action-result]')");
        browser.screenshot(SCREENSHOTS.resolve("queue-acknowledged.png"));
        List<TriageAction> actions = stack.triageActions();
        assertThat(actions)
                .filteredOn(a -> a.getWarningId().equals(warningId))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAction()).isEqualTo(TriageActionType.ACKNOWLEDGE);
                            assertThat(a.getActor()).isEqualTo("county");
                            assertThat(a.getActorRole()).isEqualTo("COUNTY_OFFICER");
                            assertThat(warningId).startsWith(a.getPsnNo() + "-");
                        });
    }

    @Test
    void thePersonPageRecordsAVerificationAndShowsWhatIsMissing() throws Exception {
        String psn = ConsoleFixture.psnNo(99);
        page("person.html?psn=" + psn);
        browser.await("!document.getElementById('triage-card').hidden");
        browser.eval(
                "const f = document.getElementById('triage');"
                        + " f.elements.action.value = 'VERIFY';"
                        + " f.elements.action.dispatchEvent(new Event('change'));"
                        + " f.elements.outcome.value = 'NOT_ELIGIBLE';"
                        + " document.getElementById('triage-submit').click(); true");
        browser.await("document.getElementById('triage-result').textContent.length > 0");
        assertThat(browser.eval("document.getElementById('triage-result').textContent").asText())
                .contains("note: required for NOT_ELIGIBLE (the reason)");
        browser.eval(
                "document.getElementById('triage-note').value = '家庭人均收入高于低保标准';"
                        + " document.getElementById('triage-submit').click(); true");
        browser.await("document.getElementById('triage-result').className === 'ok'");
        browser.screenshot(SCREENSHOTS.resolve("person-verified.png"));
        assertThat(stack.triageActions())
                .anySatisfy(
                        a -> {
                            assertThat(a.getPsnNo()).isEqualTo(psn);
                            assertThat(a.getAction()).isEqualTo(TriageActionType.VERIFY);
                            assertThat(a.getNote()).isEqualTo("家庭人均收入高于低保标准");
                        });
    }

    @Test
    void aWrongPasswordStaysOnTheLoginPageAndLeadershipSeesNoQueue() throws Exception {
        try (ChromiumSession other = ChromiumSession.start(1200, 800)) {
            other.login(stack.baseUrl(), "leader", "wrong");
            assertThat(other.dom()).contains("用户名或密码错误 / wrong user name or password");
            other.screenshot(SCREENSHOTS.resolve("login-wrong-password.png"));

            other.login(stack.baseUrl(), "leader", "leader" + ConsoleStack.PASSWORD_SUFFIX);
            other.await("location.pathname.endsWith('index.html') && " + BrowserChecks.LOADED);
            other.await("document.querySelector('[data-testid=user]')");
            String dom = other.dom();
            assertThat(dom).doesNotContain("href=\"queue.html\"");
            other.open(
                    stack.baseUrl() + "person.html?psn=" + ConsoleFixture.psnNo(99),
                    "!document.getElementById('banner').classList.contains('hidden')");
            assertThat(other.dom()).contains("无权限 / forbidden").doesNotContain("张*");
            // Logout ends the session: the next page goes to the login page.
            other.open(stack.baseUrl() + "index.html", BrowserChecks.LOADED);
            other.eval("document.getElementById('logout').click(); true");
            other.await("location.pathname.endsWith('login.html')");
            other.open(stack.baseUrl() + "index.html", "location.pathname.endsWith('login.html')");
        }
    }
}
