package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.cli.Args;
import org.medwarn.cli.LocalStack;
import org.medwarn.generate.GenerateCommand;
import org.medwarn.generate.KafkaFeed;
import org.medwarn.job.SearchTestClient;

/**
 * The browser test on the real local stack (issue 5): {@link LocalStack} (Kafka broker, search
 * node, monitoring job, console) with a small generated county of {@value #PERSONS} persons, its
 * whole year fed unpaced; once the job has indexed every settlement and the ledger and aggregates
 * have settled, headless Chromium logs in as the demo county officer and the overview, the queue
 * and a person page show the numbers the search engine gives when asked directly. Screenshots go to
 * {@code target/screenshots/local-*.png}.
 *
 * <p>The policy has a tenth of the default thresholds ({@link #POLICY}): the calibrated county has
 * about one warning per 10,000 persons a year, so a county small enough for a test would otherwise
 * have none. Needs the Debian package {@code chromium}; skipped without it, except under CI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackBrowserIT {

    static final int PERSONS = 2_000;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String POLICY =
            """
            version: "test-tenth"
            effective_from: "2020-01-01"
            thresholds:
              ASSISTED: {BLUE: 3000, YELLOW: 10000, RED: 30000}
              ORDINARY: {YELLOW: 10000, RED: 30000}
            """;

    private static final long SETTLE_TIMEOUT_MS = 10 * 60_000L;

    @TempDir static Path tmp;
    private static LocalStack stack;
    private static SearchClient search;
    private static ChromiumSession browser;

    /** The year the local stack generates by default. */
    private static final int year = 2025;

    @BeforeAll
    static void start() throws Exception {
        BrowserChecks.requireChromium();
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        String[] argv = {
            "--kafka-port", String.valueOf(freePort()),
            "--search-port", String.valueOf(freePort()),
            "--console-port", String.valueOf(freePort()),
            "--persons", String.valueOf(PERSONS),
            "--policy", policy.toString()
        };
        Args args =
                new Args(
                        "local",
                        argv,
                        Set.of("kafka-port", "search-port", "console-port", "persons", "policy"));
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        stack =
                LocalStack.start(
                        "browser-it", args, tmp.resolve("data"), flink, System.out, PERSONS);
        search = new SearchClient(stack.searchUrl());

        Set<String> setlIds = new HashSet<>();
        try (KafkaFeed feed = new KafkaFeed(stack.bootstrap())) {
            GenerateCommand.stream(
                    stack.county,
                    Long.MAX_VALUE,
                    new GenerateCommand.Progress(System.out, "browser-it feed"),
                    (n, at, s) -> {
                        setlIds.add(s.getSetlId());
                        feed.send(s);
                    });
        }
        System.out.printf("browser-it: fed %,d distinct settlements%n", setlIds.size());
        awaitSettled(setlIds.size());

        browser = ChromiumSession.start(1600, 1000);
        browser.login(stack.consoleUrl(), "county", "demo-county");
    }

    @AfterAll
    static void stop() throws Exception {
        BrowserChecks.closeAll(browser, search, stack);
    }

    /**
     * Waits until every settlement is indexed and the ledger and the aggregates have not changed
     * for 10 s (the aggregate groups write at most once a second).
     */
    private static void awaitSettled(long settlements) throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        String last = "";
        long stableSince = Long.MAX_VALUE;
        while (true) {
            long indexed = count("medwarn-settlements");
            String state =
                    indexed
                            + "/"
                            + sum("medwarn-ledger", "revision")
                            + "/"
                            + sum("medwarn-aggregates", "revision")
                            + "/"
                            + count("medwarn-warnings");
            long now = System.currentTimeMillis();
            if (!state.equals(last)) {
                System.out.printf(
                        "browser-it: settlements indexed %,d of %,d; state %s%n",
                        indexed, settlements, state);
                last = state;
                stableSince = now;
            } else if (indexed == settlements && now - stableSince >= 10_000) {
                return;
            }
            assertThat(now)
                    .as("settled within 10 minutes (state " + state + ")")
                    .isLessThan(deadline);
            Thread.sleep(2_000);
        }
    }

    private static long count(String index) {
        return search.search(index, obj("size", 0, "track_total_hits", true))
                .at("/hits/total/value")
                .asLong();
    }

    private static long sum(String index, String field) {
        return search.search(
                        index, obj("size", 0, "aggs", obj("s", obj("sum", obj("field", field)))))
                .at("/aggregations/s/value")
                .asLong();
    }

    /** Persons and self-pay per level of the year's current aggregates matching {@code filter}. */
    private static Map<String, long[]> aggregates(JsonNode filter) {
        JsonNode r =
                search.search(
                        "medwarn-aggregates",
                        obj(
                                "size",
                                10_000,
                                "query",
                                Query.allOf(
                                        Query.term("doc_type", "current"),
                                        Query.term("year", year),
                                        filter)));
        return BrowserChecks.sumByLevel(r);
    }

    private static String page(String path) throws Exception {
        browser.open(stack.consoleUrl() + path, BrowserChecks.LOADED);
        return browser.dom();
    }

    @Test
    void overviewShowsTheJobsAggregates() throws Exception {
        String dom = page("index.html");
        assertThat(dom).contains("class=\"banner hidden\"");
        assertThat(BrowserChecks.byId(dom, "year")).isEqualTo(String.valueOf(year));
        Map<String, long[]> county = aggregates(Query.term("region_level", "county"));
        BrowserChecks.assertCountyKpis(dom, county);
        // every township row the page shows equals the township's aggregates
        Matcher rows =
                Pattern.compile("<tr data-township=\"(\\d+)\">(.*?)</tr>", Pattern.DOTALL)
                        .matcher(dom);
        int townships = 0;
        while (rows.find()) {
            townships++;
            Map<String, long[]> expected = aggregates(Query.term("region_code", rows.group(1)));
            BrowserChecks.assertTownshipRow(rows.group(2), rows.group(1), expected);
        }
        assertThat(townships).isPositive();
        browser.screenshot(SCREENSHOTS.resolve("local-overview.png"));
    }

    @Test
    void queueAndPersonPageShowTheJobsWarningsAndSettlements() throws Exception {
        String dom = page("queue.html");
        long total =
                search.search(
                                "medwarn-warnings",
                                obj(
                                        "size",
                                        0,
                                        "track_total_hits",
                                        true,
                                        "query",
                                        Query.term("status", "NEW")))
                        .at("/hits/total/value")
                        .asLong();
        assertThat(total).isPositive();
        assertThat(BrowserChecks.number(BrowserChecks.byId(dom, "queue-total"))).isEqualTo(total);
        String shown = dom.replaceAll("data-(person|warning)=\"[^\"]*\"", "");
        assertThat(shown).doesNotContainPattern("P\\d{9}");
        browser.screenshot(SCREENSHOTS.resolve("local-queue.png"));

        Matcher first = Pattern.compile("data-person=\"(P\\d{9})\"").matcher(dom);
        assertThat(first.find()).isTrue();
        String psn = first.group(1);
        long settlements =
                search.search(
                                "medwarn-settlements",
                                obj(
                                        "size",
                                        0,
                                        "track_total_hits",
                                        true,
                                        "query",
                                        Query.term("psn_no", psn)))
                        .at("/hits/total/value")
                        .asLong();
        String person = page("person.html?psn=" + psn);
        assertThat(BrowserChecks.countTestIds(person, "settlement-row"))
                .as("settlement rows of " + psn)
                .isEqualTo((int) Math.min(settlements, 1000))
                .isPositive();
        assertThat(BrowserChecks.countTestIds(person, "history-row")).isPositive();
        browser.screenshot(SCREENSHOTS.resolve("local-person.png"));
    }

    /**
     * Issue 10's closed loop through the browser on the real job: an officer acknowledges a warning
     * in the queue, then records a visit and a verification on the person page; each action goes
     * from the console to the {@code triage} topic and the job, and the warning document in the
     * index must reach each status before the next action. Last, since it changes a warning's
     * status (the queue test counts NEW warnings).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anOfficerActsInTheBrowserAndEachStatusArrivesInTheIndex() throws Exception {
        page("queue.html");
        String warningId =
                browser.eval("document.querySelector('[data-testid=ack-button]').dataset.warning")
                        .asText();
        browser.eval("document.querySelector('[data-testid=ack-button]').click(); true");
        browser.await("document.querySelector('[data-testid=action-result]')");
        awaitStatus(warningId, "ACKNOWLEDGED");

        String psn = warningId.substring(0, warningId.indexOf('-'));
        page("person.html?psn=" + psn);
        browser.await("!document.getElementById('triage-card').hidden");
        submitOnPersonPage(warningId, "VISIT", null, "入户走访: 家中二人, 已告知医疗救助申请");
        awaitStatus(warningId, "VISITED");
        submitOnPersonPage(warningId, "VERIFY", "ENROLLED_MEDICAL_ASSISTANCE", null);
        JsonNode verified = awaitStatus(warningId, "VERIFIED");
        assertThat(verified.path("outcome").asText()).isEqualTo("ENROLLED_MEDICAL_ASSISTANCE");
        browser.screenshot(SCREENSHOTS.resolve("local-person-verified.png"));
        System.out.printf("browser-it: %s in the index: %s%n", warningId, verified);
    }

    private static void submitOnPersonPage(
            String warningId, String action, String outcome, String note) throws Exception {
        browser.eval(
                // a block of its own: the page keeps top-level names between evaluations
                "{ const f = document.getElementById('triage');"
                        + " document.getElementById('triage-result').className = '';"
                        + " f.elements.warning.value = "
                        + Json.MAPPER.writeValueAsString(warningId)
                        + "; f.elements.action.value = '"
                        + action
                        + "'; f.elements.action.dispatchEvent(new Event('change'));"
                        + (outcome == null ? "" : " f.elements.outcome.value = '" + outcome + "';")
                        + (note == null
                                ? ""
                                : " f.elements.note.value = "
                                        + Json.MAPPER.writeValueAsString(note)
                                        + ";")
                        + " document.getElementById('triage-submit').click(); } true");
        browser.await("document.getElementById('triage-result').className !== ''");
        assertThat(browser.eval("document.getElementById('triage-result').className").asText())
                .as(
                        action
                                + ": "
                                + browser.eval(
                                                "document.getElementById('triage-result').textContent")
                                        .asText())
                .isEqualTo("ok");
    }

    /** Waits (2 minutes at most) until the warning document has {@code status}; returns it. */
    private static JsonNode awaitStatus(String warningId, String status) throws Exception {
        return new SearchTestClient(stack.searchUrl())
                .awaitDocument(
                        "medwarn-warnings", warningId, "status", status, Duration.ofMinutes(2));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
