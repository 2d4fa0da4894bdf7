package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.avro.TriageOutcome;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchSettings;

/**
 * Issue 10 end to end on a real broker and search node: the live job with the search sink gets the
 * replay fixture; triage actions published to topic {@code triage} (as the console does) move a
 * warning from NEW through ACKNOWLEDGED, ASSIGNED, VISITED and VERIFIED to CLOSED in {@code
 * medwarn-warnings}, each status arriving in the index before the next action (the path with its
 * timestamps is written to {@code target/triage-path.txt}), with the audit trail, the ledger's
 * {@code triage_status} and the overview's handled count per township; an action on an unknown
 * warning reaches the {@code dead-letters} topic as TRIAGE_UNKNOWN_WARNING.
 */
class TriageIT {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");

    /** Generous: the shared build machine runs at load averages of 30 to 60. */
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    /** P002 2025 goes NONE → RED (the fixture's expected warnings), in township 371525002. */
    private static final String WARNING = "P002-2025-1";

    private static LiveServices services;
    private static SearchTestClient search;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        services = LiveServices.start();
        search = new SearchTestClient(services.searchUrl);
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void triageActionsOnTheTopicMoveTheWarningDocumentFromNewToClosed() throws Exception {
        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                                services.broker.bootstrapServers(),
                                PolicyLoader.defaultPolicy(),
                                2,
                                tmp.resolve("checkpoints").toUri().toString(),
                                1000,
                                "medwarn-triage-it")
                        .withSearch(
                                SearchSettings.builder(services.searchUrl)
                                        .batching(50, 2, 1000, Duration.ofMillis(200))
                                        .build(),
                                RegionDirectory.defaultDirectory());
        IndexTemplates.install(settings.search());
        String bootstrap = services.broker.bootstrapServers();
        KafkaTestInput.produce(
                bootstrap,
                Topics.PERSONS,
                Files.readAllLines(FIXTURE.resolve("persons.jsonl")),
                PersonRecord::new);
        KafkaTestInput.produce(
                bootstrap,
                Topics.SETTLEMENTS,
                Files.readAllLines(FIXTURE.resolve("settlements.jsonl")),
                Settlement::new);

        StreamExecutionEnvironment env = MonitoringJob.environment(settings);
        MonitoringJob.defineJob(env, settings);
        JobClient job = env.executeAsync("medwarn-triage-it");
        try {
            search.awaitCount(
                    IndexTemplates.WARNINGS,
                    Files.readAllLines(FIXTURE.resolve("expected-warnings.jsonl")).size(),
                    TIMEOUT);
            JsonNode created = awaitWarning("NEW");
            assertThat(created.get("to_level").asText()).isEqualTo("RED");
            assertThat(created.get("ack_due").asText()).isEqualTo("2025-04-11T10:30:00+08:00");
            assertThat(created.get("visit_due").asText()).isEqualTo("2025-04-13T10:30:00+08:00");

            publish(action(TriageActionType.ACKNOWLEDGE).build());
            JsonNode acknowledged = awaitWarning("ACKNOWLEDGED");
            assertThat(acknowledged.get("acknowledged_time").isNull()).isFalse();

            // each action's status arrives in the index before the next action is published
            publish(action(TriageActionType.ASSIGN).setAssignee("officer-002").build());
            assertThat(awaitWarning("ASSIGNED").get("assignee").asText()).isEqualTo("officer-002");
            publish(action(TriageActionType.VISIT).setNote("入户走访: 家属在场").build());
            assertThat(awaitWarning("VISITED").get("visited_time").isNull()).isFalse();
            publish(
                    action(TriageActionType.VERIFY)
                            .setOutcome(TriageOutcome.ENROLLED_MEDICAL_ASSISTANCE)
                            .build());
            assertThat(awaitWarning("VERIFIED").get("verified_time").isNull()).isFalse();
            TriageAction close = action(TriageActionType.CLOSE).build();
            publish(close);
            publish(close); // re-sent: applied once
            JsonNode closed = awaitWarning("CLOSED");
            writePath(created, closed);
            assertThat(closed.get("assignee").asText()).isEqualTo("officer-002");
            assertThat(closed.get("outcome").asText()).isEqualTo("ENROLLED_MEDICAL_ASSISTANCE");
            assertThat(closed.get("handled").asBoolean()).isTrue();
            assertThat(closed.get("history"))
                    .extracting(h -> h.get("action").asText())
                    .containsExactly("ACKNOWLEDGE", "ASSIGN", "VISIT", "VERIFY", "CLOSE");

            JsonNode ledger = search.all(IndexTemplates.LEDGER).get("P002-2025");
            assertThat(ledger.get("triage_status").asText()).isEqualTo("CLOSED");

            // the overview's counts per township: an aggregation over the warnings index
            JsonNode overview =
                    search.post(
                            "/" + IndexTemplates.WARNINGS + "/_search",
                            "{\"size\":0,\"aggs\":{\"townships\":{\"terms\":{\"field\":"
                                    + "\"township_code\"},\"aggs\":{\"handled\":{\"filter\":"
                                    + "{\"term\":{\"handled\":true}}},\"overdue\":{\"filter\":"
                                    + "{\"term\":{\"overdue\":true}}}}}}}");
            JsonNode township = null;
            for (JsonNode b : overview.at("/aggregations/townships/buckets")) {
                if (b.get("key").asText().equals("371525002")) {
                    township = b;
                }
            }
            assertThat(township).isNotNull();
            assertThat(township.at("/handled/doc_count").asLong()).isEqualTo(1);

            publish(
                    action(TriageActionType.ACKNOWLEDGE)
                            .setWarningId("P002-2025-7")
                            .setSequence(7)
                            .build());
            List<DeadLetter> rejected =
                    KafkaTestInput.readCommitted(
                            bootstrap,
                            Topics.DEAD_LETTERS,
                            1,
                            v -> DeadLetter.getDecoder().decode(v),
                            "triage-it-dead-letters",
                            // (the fixture's settlements close 2025, so the closed case
                            // leaves state: the re-sent CLOSE is dead-lettered as unknown too)
                            d -> d.getDetail().contains("'P002-2025-7'"),
                            TIMEOUT);
            assertThat(rejected)
                    .extracting(d -> d.getReason() + " " + d.getPsnNo() + " " + d.getSource())
                    .containsExactly("TRIAGE_UNKNOWN_WARNING P002 triage");
        } finally {
            job.cancel().get();
        }
    }

    /** When each status of {@link #WARNING} was first seen in the index (wall clock). */
    private static final Map<String, Instant> SEEN = new LinkedHashMap<>();

    /**
     * The warning's path from NEW to CLOSED, for the closing note of issue 10: the warning's event
     * time, then per status the officer's action time, the event time the job applied it at, and
     * when the status was first seen in {@code medwarn-warnings}; in {@code target/triage-path.txt}
     * and on standard output.
     */
    private static void writePath(JsonNode created, JsonNode closed) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("warning ")
                .append(WARNING)
                .append(" (")
                .append(created.get("from_level").asText())
                .append(" -> ")
                .append(created.get("to_level").asText())
                .append(", township ")
                .append(created.get("township_code").asText())
                .append(")\n");
        sb.append(
                String.format(
                        "%-13s %-11s %-29s %-29s %s%n",
                        "status",
                        "action",
                        "action_time",
                        "applied_time (event time)",
                        "seen in index"));
        sb.append(
                String.format(
                        "%-13s %-11s %-29s %-29s %s%n",
                        "NEW", "-", "-", created.get("event_time").asText(), SEEN.get("NEW")));
        for (JsonNode h : closed.get("history")) {
            String status = h.get("status").asText();
            sb.append(
                    String.format(
                            "%-13s %-11s %-29s %-29s %s%n",
                            status,
                            h.get("action").asText(),
                            h.get("action_time").asText(),
                            h.get("applied_time").asText(),
                            SEEN.get(status)));
        }
        System.out.print(sb);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "triage-path.txt"), sb.toString());
    }

    private static TriageAction.Builder action(TriageActionType type) {
        return TriageAction.newBuilder()
                .setActionId(UUID.randomUUID().toString())
                .setWarningId(WARNING)
                .setPsnNo("P002")
                .setYear(2025)
                .setSequence(1)
                .setAction(type)
                .setActor("county-officer")
                .setActorRole("COUNTY_OFFICER")
                .setActionTime(Instant.now());
    }

    private static void publish(TriageAction a) throws Exception {
        ByteBuffer b = a.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        KafkaTestInput.send(services.broker.bootstrapServers(), Topics.TRIAGE, a.getPsnNo(), bytes);
    }

    /** The warning document once its status is {@code status}. */
    private static JsonNode awaitWarning(String status) throws Exception {
        JsonNode d =
                search.awaitDocument(IndexTemplates.WARNINGS, WARNING, "status", status, TIMEOUT);
        SEEN.putIfAbsent(status, Instant.now());
        return d;
    }
}
