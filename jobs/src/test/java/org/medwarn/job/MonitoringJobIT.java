package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Warning;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.ingest.JsonLines;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.PolicyLoader;

/**
 * The live job against a real Kafka 4.2 broker: Avro records in, the job in a local MiniCluster
 * (parallelism 2, RocksDB, checkpoints every second, exactly-once sinks), warnings read with a
 * {@code read_committed} consumer. The input is the replay fixture, and the warnings must equal the
 * replay's: the live job and the replay are the same workflow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringJobIT {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");
    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        // A loaded (shared, 2-core) machine may need more than the default minute.
        broker = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofMinutes(3)).start();
        Topics.createMissing(broker.bootstrapServers(), 2);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void liveJobEmitsExactlyTheReplayWarnings() throws Exception {
        int persons = produce(Topics.PERSONS, FIXTURE.resolve("persons.jsonl"), PersonRecord::new);
        MonitoringJob.Settings settings = settings("medwarn-it");
        JobClient job = start(settings);
        try {
            // The registry is loaded before settlements flow, as in production.
            awaitCommittedOffsets(settings.groupId(), Topics.PERSONS, persons);
            produce(Topics.SETTLEMENTS, FIXTURE.resolve("settlements.jsonl"), Settlement::new);

            List<String> expected = Files.readAllLines(FIXTURE.resolve("expected-warnings.jsonl"));
            List<Warning> warnings =
                    readCommitted(Topics.WARNINGS, expected.size(), Warning.getDecoder()::decode);
            assertThat(warnings).as("no duplicate warnings").hasSize(expected.size());
            List<DeadLetter> deadLetters =
                    readCommitted(Topics.DEAD_LETTERS, 5, DeadLetter.getDecoder()::decode);

            warnings.sort(
                    Comparator.comparing(Warning::getPsnNo)
                            .thenComparing(Warning::getYear)
                            .thenComparing(Warning::getSequence));
            assertThat(warnings.stream().map(JsonLines::write).toList())
                    .containsExactlyElementsOf(expected);
            // Decided by content alone: lines that are not Avro at all (bad JSON, 3 decimals,
            // unknown category) are NOT_AVRO on Kafka. Whether the orphaned reversal and the
            // settlement beyond the late bound are rejected by now depends on how far the
            // watermark (the minimum over partitions) has come: in the harness tests.
            List<String> reasons = deadLetters.stream().map(DeadLetter::getReason).toList();
            assertThat(reasons)
                    .containsAll(
                            List.of(
                                    "NOT_AVRO",
                                    "NOT_AVRO",
                                    "NOT_AVRO",
                                    "BAD_TIME",
                                    "AMOUNT_MISMATCH"));
            assertThat(reasons)
                    .filteredOn(r -> !r.equals("NOT_AVRO"))
                    .filteredOn(r -> !r.equals("BAD_TIME") && !r.equals("AMOUNT_MISMATCH"))
                    .isSubsetOf("LATE_BEYOND_BOUND", "REVERSAL_ORIGINAL_MISSING");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A live policy update: a person already in the job's state is re-evaluated when event time
     * reaches the published policy's effective_from (the warning names the new version), and an
     * invalid policy is dead-lettered while the running one stays. Runs after the fixture test on
     * the same topics, with its own persons (L...) and year (2026, after the fixture; record
     * timestamps must not be in the future for Kafka).
     */
    @Test
    @Order(2)
    void publishedPolicyReEvaluatesPersonsAlreadyInState() throws Exception {
        MonitoringJob.Settings settings = settings("medwarn-it-policy");
        Path persons = tmp.resolve("policy-persons.jsonl");
        Files.writeString(
                persons,
                "{\"psn_no\":\"L001\",\"category\":\"ASSISTED\",\"admdvs\":\"371525101001\","
                        + "\"effective_from\":\"2026-06-01\",\"identity\":\"低保对象\"}\n");
        Path before = tmp.resolve("policy-before.jsonl");
        Files.writeString(before, settlement("L001", "LS1", "2026-06-10 10:00:00", "25000.00"));
        StringBuilder later = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            later.append(
                    settlement(
                            String.format("L1%02d", i), "LT" + i, "2026-08-10 10:00:00", "10.00"));
        }
        Path after = tmp.resolve("policy-after.jsonl");
        Files.writeString(after, later.toString());

        JobClient job = start(settings);
        try {
            long personsBefore = endOffsets(Topics.PERSONS);
            produce(Topics.PERSONS, persons, PersonRecord::new);
            awaitCommittedOffsets(settings.groupId(), Topics.PERSONS, personsBefore + 1);
            long settlementsBefore = endOffsets(Topics.SETTLEMENTS);
            produce(Topics.SETTLEMENTS, before, Settlement::new);
            // Committed with a checkpoint: L001 is in the job's state now.
            awaitCommittedOffsets(settings.groupId(), Topics.SETTLEMENTS, settlementsBefore + 1);

            Path invalid = tmp.resolve("invalid.yaml");
            Files.writeString(invalid, "version: broken\nthresholds: {ASSISTED: {BLUE: -1}}\n");
            publishRaw(Files.readAllBytes(invalid));
            Path policy = tmp.resolve("blue-20000.yaml");
            Files.writeString(
                    policy,
                    Files.readString(Path.of("../examples/policy-blue-20000.yaml"))
                            .replace("2025-07-01", "2026-08-01"));
            org.medwarn.kafka.PolicyPublishCommand.run(
                    new String[] {
                        "publish",
                        policy.toString(),
                        "--bootstrap-servers",
                        broker.bootstrapServers()
                    },
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            // Event time passes 2026-08-01 on every partition.
            produce(Topics.SETTLEMENTS, after, Settlement::new);

            List<Warning> warnings =
                    readCommitted(
                            Topics.WARNINGS,
                            1,
                            Warning.getDecoder()::decode,
                            "it-policy-warnings",
                            w -> w.getPsnNo().startsWith("L"));
            assertThat(warnings.stream().map(JsonLines::write).toList())
                    .containsExactly(
                            "{\"psn_no\":\"L001\",\"year\":2026,\"sequence\":1,"
                                    + "\"category\":\"ASSISTED\",\"identity\":\"低保对象\","
                                    + "\"from_level\":\"NONE\",\"to_level\":\"BLUE\","
                                    + "\"annual_self_pay\":\"25000.00\",\"threshold\":\"20000.00\","
                                    + "\"trigger\":\"POLICY_CHANGE\",\"setl_id\":null,"
                                    + "\"event_time\":\"2026-08-01 00:00:00\","
                                    + "\"policy_version\":\"blue-20000\",\"county_code\":\"371525\","
                                    + "\"township_code\":\"371525101\","
                                    + "\"village_code\":\"371525101001\",\"registry_missing\":false,"
                                    + "\"psn_name_masked\":null,\"certno_masked\":null}");
            List<DeadLetter> invalidPolicies =
                    readCommitted(
                            Topics.DEAD_LETTERS,
                            1,
                            DeadLetter.getDecoder()::decode,
                            "it-policy-dead-letters",
                            d -> d.getReason().equals("INVALID_POLICY"));
            assertThat(invalidPolicies).hasSize(1);
            assertThat(invalidPolicies.get(0).getDetail()).contains("thresholds");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * 先名册后结算 at a first start: the registry and the settlements are both on their topics when the
     * job starts (a first deployment with a backlog), and the job reads both at once. The last
     * {@value #BACKLOG} of {@value #REGISTRY} assistance targets (R…, 低保对象) in the registry have
     * one settlement of 30,000 元 each: each must warn 蓝 when its settlement is counted (trigger
     * SETTLEMENT), as in a replay, which reads the registry first. A settlement judged before its
     * person's registry record would count under the ordinary thresholds (no warning), and the
     * registry record would then warn with trigger REGISTRY_CHANGE and no {@code setl_id}.
     */
    @Test
    @Order(3)
    void settlementsOfABacklogAreJudgedAfterTheRegistryAtAFirstStart() throws Exception {
        List<String> persons = new java.util.ArrayList<>();
        List<String> settlements = new java.util.ArrayList<>();
        for (int i = 0; i < REGISTRY; i++) {
            String psn = String.format("R%05d", i);
            persons.add(
                    "{\"psn_no\":\""
                            + psn
                            + "\",\"category\":\"ASSISTED\",\"identity\":\"低保对象\","
                            + "\"admdvs\":\"371525101001\",\"effective_from\":\"2026-01-01\"}");
            if (i >= REGISTRY - BACKLOG) {
                settlements.add(
                        settlement(psn, "RS" + i, "2026-09-01 10:00:00", "30000.00").strip());
            }
        }
        // in a transaction: the registry ends with a commit marker, which the job never reads
        KafkaTestInput.produce(
                broker.bootstrapServers(), Topics.PERSONS, persons, PersonRecord::new, true);
        KafkaTestInput.produce(
                broker.bootstrapServers(), Topics.SETTLEMENTS, settlements, Settlement::new);

        JobClient job = start(settings("medwarn-it-registry-first"));
        try {
            List<Warning> warnings =
                    readCommitted(
                            Topics.WARNINGS,
                            BACKLOG,
                            Warning.getDecoder()::decode,
                            "it-registry-first-warnings",
                            w -> w.getPsnNo().startsWith("R"));
            assertThat(warnings).hasSize(BACKLOG);
            assertThat(warnings)
                    .extracting(w -> w.getTrigger() + " " + w.getToLevel() + " " + w.getCategory())
                    .containsOnly("SETTLEMENT BLUE ASSISTED");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The registry of the registry-first test: several fetches to read, so that the settlements'
     * reader could run ahead of it.
     */
    private static final int REGISTRY = 40_000;

    /** Its last persons, with a settlement each in the backlog. */
    private static final int BACKLOG = 2000;

    /** Parallelism 2, checkpoints every second, the default policy; group and job named. */
    private static MonitoringJob.Settings settings(String group) {
        return new MonitoringJob.Settings(
                broker.bootstrapServers(),
                PolicyLoader.defaultPolicy(),
                2,
                tmp.resolve("checkpoints-" + group).toUri().toString(),
                1000,
                group);
    }

    private static JobClient start(MonitoringJob.Settings settings) throws Exception {
        StreamExecutionEnvironment env = MonitoringJob.environment(settings);
        MonitoringJob.defineJob(env, settings);
        return env.executeAsync(settings.groupId());
    }

    private static String settlement(String psn, String setlId, String time, String amount) {
        return String.format(
                "{\"setl_id\":\"%s\",\"psn_no\":\"%s\",\"setl_time\":\"%s\","
                        + "\"medfee_sumamt\":\"%s\",\"fund_pay_sumamt\":\"0.00\","
                        + "\"psn_part_amt\":\"%s\",\"refd_setl_flag\":\"0\","
                        + "\"insu_admdvs\":\"371525\"}%n",
                setlId, psn, time, amount, amount);
    }

    private static void publishRaw(byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                Topics.byteProducer(broker.bootstrapServers())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.POLICIES,
                                    Topics.POLICY_KEY.getBytes(StandardCharsets.UTF_8),
                                    value))
                    .get();
        }
    }

    private static long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request =
                    new java.util.HashMap<>();
            for (var p : partitions) {
                request.put(
                        new TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    /** Produces each line of a JSONL file as Avro when it converts, else as the raw bytes. */
    private static <T extends SpecificRecordBase> int produce(
            String topic, Path jsonl, java.util.function.Supplier<T> factory) throws Exception {
        return KafkaTestInput.produce(
                broker.bootstrapServers(), topic, Files.readAllLines(jsonl), factory);
    }

    private static void awaitCommittedOffsets(String group, String topic, long total)
            throws Exception {
        KafkaTestInput.awaitCommitted(broker.bootstrapServers(), group, topic, total, TIMEOUT);
    }

    /**
     * Reads at least {@code expected} records with read_committed, then keeps reading for a few
     * more checkpoints so that a further (duplicate) record would be seen.
     */
    private static <T> List<T> readCommitted(
            String topic, int expected, KafkaTestInput.ThrowingDecoder<T> decoder)
            throws Exception {
        return readCommitted(topic, expected, decoder, "it-reader-" + topic, r -> true);
    }

    /** As above, as consumer group {@code group}, keeping the records {@code keep} accepts. */
    private static <T> List<T> readCommitted(
            String topic,
            int expected,
            KafkaTestInput.ThrowingDecoder<T> decoder,
            String group,
            java.util.function.Predicate<T> keep)
            throws Exception {
        return KafkaTestInput.readCommitted(
                broker.bootstrapServers(), topic, expected, decoder, group, keep, TIMEOUT);
    }
}
