package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.avro.TriageOutcome;

/**
 * Login, roles, township scoping, CSRF, session expiry, triage actions on a real Kafka broker and
 * the access audit, through the console's HTTP API (as a browser or a script would call it
 * directly) against a real search node holding {@link ConsoleFixture}.
 */
class ConsoleAccessIT {

    private static ConsoleStack stack;

    /** Township 0 (清泉街道) is qingquan's; township 1 (贾镇) is jiazhen's. */
    private static final String OWN = ConsoleFixture.TOWNSHIPS[0][0];

    private static final String OTHER = ConsoleFixture.TOWNSHIPS[1][0];

    /** GET routes with data (or the session): none answers without a login. */
    private static final List<String> DATA_ROUTES =
            List.of(
                    "api/overview",
                    "api/trend",
                    "api/queue",
                    "api/session",
                    "api/persons/" + ConsoleFixture.psnNo(99));

    @BeforeAll
    static void start() throws Exception {
        stack = new ConsoleStack(true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** A NEW warning of the fixture in this township. */
    private static ObjectNode warningIn(String township) {
        return stack.fixture.warnings.stream()
                .filter(w -> w.get("township_code").asText().equals(township))
                .filter(w -> w.get("status").asText().equals("NEW"))
                .findFirst()
                .orElseThrow();
    }

    private static String actions(JsonNode warning) {
        return "api/warnings/" + warning.get("warning_id").asText() + "/actions";
    }

    @Test
    void withoutALoginOnlyTheHealthCheckAndThePagesAnswer() throws Exception {
        ConsoleStack.Client anonymous = new ConsoleStack.Client(stack.baseUrl());
        assertThat(anonymous.get("api/health").status()).isEqualTo(200);
        for (String path : DATA_ROUTES) {
            ConsoleStack.Answer a = anonymous.get(path);
            assertThat(a.status()).as(path).isEqualTo(401);
            assertThat(a.body().get("error").asText()).isEqualTo("login_required");
        }
        assertThat(anonymous.get("login.html").response().statusCode()).isEqualTo(200);
        assertThat(anonymous.post("api/logout", obj()).status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordOrUnknownUserIsRefusedAlikeAndAudited() throws Exception {
        ConsoleStack.Client c = new ConsoleStack.Client(stack.baseUrl());
        ConsoleStack.Answer wrong = c.login("county", "county-PW");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("error").asText()).isEqualTo("bad_credentials");
        assertThat(wrong.response().headers().firstValue("Set-Cookie")).isEmpty();
        ConsoleStack.Answer unknown = c.login("mallory", "x");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(c.get("api/overview").status()).isEqualTo(401);
        assertThat(stack.auditLines())
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .contains("\"event\":\"LOGIN_FAILED\"")
                                        .contains("\"user\":\"mallory\""));
        // A login is JSON only (a cross-site form cannot send it).
        ConsoleStack.Answer form =
                c.send(
                        "api/login",
                        "POST",
                        "user=county&password=county-pw",
                        "application/x-www-form-urlencoded",
                        null);
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body().get("message").asText()).contains("Content-Type");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        ConsoleStack.Client c = new ConsoleStack.Client(stack.baseUrl());
        ConsoleStack.Answer a = c.login("leader", "leader" + ConsoleStack.PASSWORD_SUFFIX);
        assertThat(a.status()).isEqualTo(200);
        String cookie = a.response().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith(Sessions.COOKIE + "=")
                .contains("; HttpOnly")
                .contains("; SameSite=Strict")
                .contains("; Path=/");
        assertThat(a.body().get("role").asText()).isEqualTo("LEADERSHIP");
        assertThat(a.body().get("sees_persons").asBoolean()).isFalse();
        assertThat(a.body().get("csrf_token").asText()).hasSizeGreaterThan(20);
    }

    @Test
    void leadershipAndDataEngineersGetAggregatesButNoPersons() throws Exception {
        for (String user : List.of("leader", "engineer")) {
            ConsoleStack.Client c = stack.login(user);
            for (String path : List.of("api/overview", "api/townships", "api/trend")) {
                ConsoleStack.Answer a = c.get(path);
                assertThat(a.status()).as(user + " " + path).isEqualTo(200);
                assertThat(a.response().body())
                        .as(user + " " + path)
                        .doesNotContain("psn_no", "psn_name", "certno", "P0000000");
            }
            for (String path :
                    List.of(
                            "api/queue",
                            "api/persons/" + ConsoleFixture.psnNo(99),
                            "api/officers?township=" + OWN)) {
                ConsoleStack.Answer a = c.get(path);
                assertThat(a.status()).as(user + " " + path).isEqualTo(403);
                assertThat(a.response().body()).doesNotContain("张*");
            }
            assertThat(c.post(actions(warningIn(OWN)), obj("action", "ACKNOWLEDGE")).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void aTownshipOfficerSeesOnlyTheirTownshipEvenThroughTheApiDirectly() throws Exception {
        ConsoleStack.Client q = stack.login("qingquan");
        JsonNode queue = q.get("api/queue?size=100").body();
        assertThat(queue.get("total").asLong()).isPositive();
        for (JsonNode row : queue.get("rows")) {
            assertThat(row.get("township_code").asText()).isEqualTo(OWN);
        }
        assertThat(queue.get("townships"))
                .singleElement()
                .satisfies(t -> assertThat(t.get("code").asText()).isEqualTo(OWN));
        assertThat(q.get("api/queue?township=" + OTHER).body().get("total").asLong()).isZero();

        String ownPerson = warningIn(OWN).get("psn_no").asText();
        String otherPerson = warningIn(OTHER).get("psn_no").asText();
        assertThat(q.get("api/persons/" + ownPerson).status()).isEqualTo(200);
        ConsoleStack.Answer other = q.get("api/persons/" + otherPerson);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.response().body()).doesNotContain("张*").doesNotContain("\"ledger\"");
        assertThat(q.get("api/officers?township=" + OTHER).status()).isEqualTo(403);
        assertThat(q.get("api/officers?township=" + OWN).body()).hasSize(1);

        // The county officer sees both.
        ConsoleStack.Client county = stack.login("county");
        assertThat(county.get("api/persons/" + otherPerson).status()).isEqualTo(200);
        assertThat(county.get("api/persons/" + ownPerson).status()).isEqualTo(200);
        // Every person-page access is audited, refused ones too.
        assertThat(stack.auditLines())
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .contains("\"event\":\"PERSON_VIEW\"")
                                        .contains("\"user\":\"qingquan\"")
                                        .contains("\"psn_no\":\"" + otherPerson + "\"")
                                        .contains("\"result\":404"));
    }

    @Test
    void stateChangingRequestsNeedTheSessionsCsrfToken() throws Exception {
        ConsoleStack.Client county = stack.login("county");
        ConsoleStack.Client other = stack.login("county");
        String path = actions(warningIn(OWN));
        ObjectNode ack = obj("action", "ACKNOWLEDGE");
        for (String token : new String[] {null, "", "forged", other.csrf}) {
            ConsoleStack.Answer a = county.post(path, ack, token);
            assertThat(a.status()).as("token " + token).isEqualTo(403);
            assertThat(a.body().get("error").asText()).isEqualTo("csrf");
        }
        assertThat(county.post("api/logout", obj(), null).status()).isEqualTo(403);
        assertThat(county.get("api/session").status()).isEqualTo(200);
        assertThat(county.post("api/logout", obj()).status()).isEqualTo(200);
        assertThat(county.get("api/session").status()).isEqualTo(401);
    }

    @Test
    void sessionsExpireAfterTheIdleTimeout() throws Exception {
        ConsoleStack.Client c = stack.login("leader");
        assertThat(c.get("api/session").status()).isEqualTo(200);
        stack.advanceClock(ConsoleStack.IDLE_TIMEOUT.minusMinutes(1));
        assertThat(c.get("api/session").status()).isEqualTo(200);
        stack.advanceClock(ConsoleStack.IDLE_TIMEOUT.plus(Duration.ofSeconds(1)));
        ConsoleStack.Answer expired = c.get("api/overview");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().get("message").asText()).contains("expired");
        assertThat(stack.login("leader").get("api/session").status()).isEqualTo(200);
    }

    @Test
    void triageActionsLandOnTheTriageTopicWithTheirFields() throws Exception {
        ConsoleStack.Client county = stack.login("county");
        ObjectNode w = warningIn(OTHER);
        ConsoleStack.Answer ack = county.post(actions(w), obj("action", "ACKNOWLEDGE"));
        assertThat(ack.status()).isEqualTo(202);
        assertThat(ack.body().get("topic").asText()).isEqualTo("triage");
        ConsoleStack.Answer assign =
                county.post(actions(w), obj("action", "ASSIGN", "assignee", "jiazhen2"));
        assertThat(assign.status()).isEqualTo(202);
        ConsoleStack.Client jiazhen = stack.login("jiazhen2");
        ConsoleStack.Answer visit =
                jiazhen.post(actions(w), obj("action", "VISIT", "note", "入户走访：已了解住院情况"));
        assertThat(visit.status()).isEqualTo(202);
        ConsoleStack.Answer verify =
                jiazhen.post(
                        actions(w),
                        obj("action", "VERIFY", "outcome", "NOT_ELIGIBLE", "note", "家庭收入高于标准"));
        assertThat(verify.status()).isEqualTo(202);

        List<TriageAction> onTopic = stack.triageActions();
        List<TriageAction> mine =
                onTopic.stream()
                        .filter(a -> a.getWarningId().equals(w.get("warning_id").asText()))
                        .toList();
        assertThat(mine)
                .extracting(TriageAction::getAction)
                .containsSubsequence(
                        TriageActionType.ACKNOWLEDGE,
                        TriageActionType.ASSIGN,
                        TriageActionType.VISIT,
                        TriageActionType.VERIFY);
        TriageAction a =
                mine.stream()
                        .filter(x -> x.getAction() == TriageActionType.ASSIGN)
                        .findFirst()
                        .orElseThrow();
        assertThat(a.getActionId()).isEqualTo(assign.body().get("action_id").asText());
        assertThat(a.getPsnNo()).isEqualTo(w.get("psn_no").asText());
        assertThat(a.getYear()).isEqualTo(w.get("year").asInt());
        assertThat(a.getSequence()).isEqualTo(w.get("sequence").asInt());
        assertThat(a.getActor()).isEqualTo("county");
        assertThat(a.getActorRole()).isEqualTo("COUNTY_OFFICER");
        assertThat(a.getAssignee()).isEqualTo("jiazhen2");
        assertThat(a.getActionTime().toEpochMilli())
                .isBetween(System.currentTimeMillis() - 600_000, System.currentTimeMillis());
        TriageAction v = mine.get(mine.size() - 1);
        assertThat(v.getOutcome()).isEqualTo(TriageOutcome.NOT_ELIGIBLE);
        assertThat(v.getNote()).isEqualTo("家庭收入高于标准");
        assertThat(v.getActor()).isEqualTo("jiazhen2");
        assertThat(v.getActorRole()).isEqualTo("TOWNSHIP_OFFICER");

        // Audited in the file and on topic access-audit.
        assertThat(stack.auditLines())
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .contains("\"event\":\"TRIAGE_ACTION\"")
                                        .contains(a.getActionId()));
        List<ConsumerRecord<byte[], byte[]>> audit = stack.topic(ConsoleKafka.ACCESS_AUDIT);
        assertThat(audit)
                .anySatisfy(
                        r ->
                                assertThat(new String(r.value(), StandardCharsets.UTF_8))
                                        .contains(a.getActionId()));
    }

    @Test
    void badTriageRequestsAreRefusedNamingTheFieldAndTheValue() throws Exception {
        ConsoleStack.Client county = stack.login("county");
        ObjectNode w = warningIn(OTHER);
        int before = stack.triageActions().size();
        ConsoleStack.Answer wrongTownship =
                county.post(actions(w), obj("action", "ASSIGN", "assignee", "qingquan"));
        assertThat(wrongTownship.status()).isEqualTo(400);
        assertThat(wrongTownship.body().get("message").asText())
                .isEqualTo("assignee: 'qingquan' is not a township officer of township " + OTHER);
        ConsoleStack.Answer noReason =
                county.post(actions(w), obj("action", "VERIFY", "outcome", "NOT_ELIGIBLE"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().get("message").asText())
                .isEqualTo("note: required for NOT_ELIGIBLE (the reason)");
        ConsoleStack.Answer badAction = county.post(actions(w), obj("action", "DELETE"));
        assertThat(badAction.body().get("message").asText())
                .startsWith("action: 'DELETE' is not one of");
        assertThat(
                        county.post(
                                        "api/warnings/P999999999-2025-1/actions",
                                        obj("action", "CLOSE"))
                                .status())
                .isEqualTo(404);
        // A township officer cannot act on another township's warning: it does not exist for them.
        ConsoleStack.Answer foreign =
                stack.login("qingquan").post(actions(w), obj("action", "ACKNOWLEDGE"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(stack.triageActions()).hasSize(before);
    }

    @Test
    void withoutKafkaTriageActionsAnswer503() throws Exception {
        ConsoleStack.withUnreachableSearch(
                (consoleUrl, searchUrl) -> {
                    ConsoleStack.Client c = new ConsoleStack.Client(consoleUrl);
                    c.login("county", "county" + ConsoleStack.PASSWORD_SUFFIX);
                    ConsoleStack.Answer a =
                            c.post(
                                    "api/warnings/P000000001-2025-1/actions",
                                    obj("action", "ACKNOWLEDGE"));
                    assertThat(a.status()).isEqualTo(503);
                    assertThat(a.body().get("error").asText()).isEqualTo("kafka_unavailable");
                    assertThat(a.body().get("message").asText()).contains("--kafka");
                    assertThat(c.get("api/session").body().get("triage_enabled").asBoolean())
                            .isFalse();
                });
    }

    @Test
    void theSearchCredentialsNeverReachTheBrowser() throws Exception {
        for (String[] u : ConsoleStack.USERS) {
            ConsoleStack.Client c = stack.login(u[0]);
            List<String> paths =
                    new java.util.ArrayList<>(
                            List.of(
                                    "",
                                    "index.html",
                                    "queue.html",
                                    "person.html",
                                    "login.html",
                                    "console.js",
                                    "person.js",
                                    "api/health"));
            paths.addAll(DATA_ROUTES);
            for (String path : paths) {
                ConsoleStack.Answer a = c.get(path);
                String all = a.response().headers().map() + a.response().body();
                assertThat(all)
                        .as(u[0] + " " + path)
                        .doesNotContain(ConsoleStack.SEARCH_PASSWORD)
                        .doesNotContain(ConsoleStack.SEARCH_USER)
                        .doesNotContainIgnoringCase("authorization");
            }
        }
    }
}
