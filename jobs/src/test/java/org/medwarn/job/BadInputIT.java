package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.Category;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Level;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.ingest.InputLimits;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/**
 * The catalogue of bad input against the live job: a real Kafka 4.2 broker, the job in a local
 * MiniCluster (parallelism 2, RocksDB, checkpoints every second, exactly-once sinks). One record of
 * each kind that a Kafka input can carry goes into {@code persons}, {@code settlements} and {@code
 * policies}; the {@code dead-letters} topic, read {@code read_committed}, must hold each reason
 * exactly once with the record's raw bytes, each reason's counter {@code
 * medwarn.deadLettersByReason.<REASON>} must be 1, and the job must still be running and have
 * counted the good settlements sent among them. (NOT_JSON is for files only; SEARCH_REJECTED needs
 * the search sink: {@code SearchSinkWriterTest}.)
 */
class BadInputIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** A small size limit so that a 5 KB record is oversized without raising topic limits. */
    private static final InputLimits LIMITS =
            new InputLimits(4096, InputLimits.DEFAULT_FUTURE_TOLERANCE, 5);

    @RegisterExtension static final TestBroker broker = new TestBroker();

    @TempDir static Path tmp;

    @Test
    void everyKindIsDeadLetteredOnceWithItsRawBytesAndTheJobKeepsCounting() throws Exception {
        String bootstrap = broker.bootstrapServers();
        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                        bootstrap,
                        PolicyLoader.defaultPolicy(),
                        2,
                        tmp.resolve("checkpoints").toUri().toString(),
                        1000,
                        "medwarn-bad-input");
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        StreamExecutionEnvironment env =
                MonitoringJob.environment(
                        settings, reporter.addToConfiguration(new Configuration()));
        MonitoringJob.defineJob(env, settings, LIMITS);
        JobClient job = env.executeAsync("bad input");
        try {
            checkCatalogue(bootstrap, settings, reporter, job);
        } finally {
            job.cancel().get();
        }
    }

    private static void checkCatalogue(
            String bootstrap,
            MonitoringJob.Settings settings,
            InMemoryReporter reporter,
            JobClient job)
            throws Exception {
        Map<DeadLetterReason, byte[]> sent = new EnumMap<>(DeadLetterReason.class);
        try (KafkaProducer<byte[], byte[]> producer = Topics.byteProducer(bootstrap)) {
            // --- the registry first, as in production ---
            send(producer, Topics.PERSONS, "G1", avro(person("G1", Category.ASSISTED).build()));
            sent.put(
                    DeadLetterReason.BAD_CATEGORY,
                    send(
                            producer,
                            Topics.PERSONS,
                            "B1",
                            avro(person("B1", Category.ASSISTED).setCategory(null).build())));
            sent.put(
                    DeadLetterReason.BAD_REGION,
                    send(
                            producer,
                            Topics.PERSONS,
                            "B2",
                            avro(
                                    person("B2", Category.ORDINARY)
                                            .setAdmdvs("001525101203")
                                            .build())));
            KafkaTestInput.awaitCommitted(
                    bootstrap, settings.groupId(), Topics.PERSONS, 3, TIMEOUT);

            // --- settlements: good ones among one of each bad kind ---
            String s = Topics.SETTLEMENTS;
            send(
                    producer,
                    s,
                    "G1",
                    avro(settlement("G1", "S-G1", "2025-03-01 10:00:00", "35000.00")));
            send(
                    producer,
                    s,
                    "G2",
                    avro(settlement("G2", "S-G2", "2025-03-02 10:00:00", "100.00")));
            send(
                    producer,
                    s,
                    "G3",
                    avro(settlement("G3", "S-G3", "2025-03-03 10:00:00", "700.00")));
            send(
                    producer,
                    s,
                    "G3",
                    avro(reversal("G3", "R-G3", "S-G3", "2025-03-04 10:00:00", "-700.00")));
            sent.put(
                    DeadLetterReason.NOT_AVRO,
                    send(producer, s, "X1", "this is not Avro".getBytes(StandardCharsets.UTF_8)));
            // a registry record on the settlements topic: a writer schema foreign there
            sent.put(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    send(producer, s, "G1", avro(person("G1", Category.ASSISTED).build())));
            sent.put(
                    DeadLetterReason.MISSING_FIELD,
                    send(
                            producer,
                            s,
                            null,
                            avro(
                                    settlement("X2", "S-X2", "2025-03-05 10:00:00", "1.00")
                                            .setPsnNo(null)
                                            .build())));
            sent.put(
                    DeadLetterReason.BAD_TIME,
                    send(
                            producer,
                            s,
                            "X3",
                            avro(settlement("X3", "S-X3", "2025-13-01 00:00:00", "1.00"))));
            sent.put(DeadLetterReason.BAD_AMOUNT, send(producer, s, "X4", overflowingAmount()));
            sent.put(
                    DeadLetterReason.AMOUNT_MISMATCH,
                    send(
                            producer,
                            s,
                            "X5",
                            avro(
                                    settlement("X5", "S-X5", "2025-03-05 10:00:00", "100.00")
                                            .setMedfeeSumamt(new BigDecimal("500.00"))
                                            .setFundPaySumamt(new BigDecimal("300.00"))
                                            .build())));
            sent.put(
                    DeadLetterReason.NEGATIVE_WITHOUT_REVERSAL,
                    send(
                            producer,
                            s,
                            "X6",
                            avro(settlement("X6", "S-X6", "2025-03-05 10:00:00", "-5.00"))));
            sent.put(
                    DeadLetterReason.BAD_REVERSAL,
                    send(
                            producer,
                            s,
                            "X7",
                            avro(
                                    settlement("X7", "S-X7", "2025-03-05 10:00:00", "5.00")
                                            .setRefdSetlFlag("2")
                                            .build())));
            sent.put(
                    DeadLetterReason.CONFLICTING_DUPLICATE,
                    send(
                            producer,
                            s,
                            "G2",
                            avro(settlement("G2", "S-G2", "2025-03-02 10:00:00", "200.00"))));
            sent.put(
                    DeadLetterReason.REVERSAL_ALREADY_APPLIED,
                    send(
                            producer,
                            s,
                            "G3",
                            avro(
                                    reversal(
                                            "G3",
                                            "R-G3b",
                                            "S-G3",
                                            "2025-03-06 10:00:00",
                                            "-700.00"))));
            sent.put(
                    DeadLetterReason.REVERSAL_ORIGINAL_MISSING,
                    send(
                            producer,
                            s,
                            "G2",
                            avro(
                                    reversal(
                                            "G2",
                                            "R-ORPHAN",
                                            "S-NEVER",
                                            "2025-06-01 10:00:00",
                                            "-1.00"))));
            sent.put(
                    DeadLetterReason.FUTURE_TIME,
                    send(
                            producer,
                            s,
                            "X8",
                            avro(
                                    settlement(
                                            "X8",
                                            "S-X8",
                                            ChinaTime.format(
                                                    System.currentTimeMillis()
                                                            + Duration.ofDays(2).toMillis()),
                                            "1.00"))));
            sent.put(
                    DeadLetterReason.BEFORE_RETENTION_HORIZON,
                    send(
                            producer,
                            s,
                            "X9",
                            avro(settlement("X9", "S-X9", "2015-06-01 10:00:00", "1.00"))));
            sent.put(
                    DeadLetterReason.OVERSIZED,
                    send(
                            producer,
                            s,
                            "X10",
                            avro(
                                    settlement("X10", "S-X10", "2025-03-05 10:00:00", "1.00")
                                            .setFixmedinsName("医".repeat(2000))
                                            .build())));
            sent.put(
                    DeadLetterReason.INVALID_POLICY,
                    send(
                            producer,
                            Topics.POLICIES,
                            Topics.POLICY_KEY,
                            "version: broken\nthresholds: {ASSISTED: {BLUE: -1}}\n"
                                    .getBytes(StandardCharsets.UTF_8)));

            // Event time passes 2026-04-01 on both partitions: 2025 closes, the orphaned
            // reversal is reported; a settlement of 2025 after that is late beyond the bound.
            for (int partition = 0; partition < 2; partition++) {
                sendTo(
                        producer,
                        s,
                        partition,
                        "CLK" + partition,
                        avro(
                                settlement(
                                        "CLK" + partition,
                                        "S-CLK" + partition,
                                        "2026-04-02 00:00:00",
                                        "0.01")));
            }
            readDeadLetters(Set.of(DeadLetterReason.REVERSAL_ORIGINAL_MISSING), Duration.ZERO);
            sent.put(
                    DeadLetterReason.LATE_BEYOND_BOUND,
                    send(
                            producer,
                            s,
                            "G2",
                            avro(settlement("G2", "S-LATE", "2025-05-01 10:00:00", "9.00"))));
        }

        List<DeadLetter> deadLetters = readDeadLetters(sent.keySet(), Duration.ofSeconds(5));
        Map<String, Long> perReason =
                deadLetters.stream()
                        .collect(
                                Collectors.groupingBy(
                                        DeadLetter::getReason, Collectors.counting()));
        Map<String, Long> once = new HashMap<>();
        sent.keySet().forEach(r -> once.put(r.name(), 1L));
        assertThat(perReason).as("each reason exactly once").isEqualTo(once);
        for (DeadLetter d : deadLetters) {
            DeadLetterReason reason = DeadLetterReason.valueOf(d.getReason());
            assertThat(bytes(d.getRaw())).as(reason + " raw bytes").isEqualTo(sent.get(reason));
            assertThat(d.getDetail()).as(reason + " detail").isNotBlank();
            assertThat(d.getSource()).as(reason + " source").isNotBlank();
        }

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        Map<String, Metric> metrics = reporter.getMetricsByIdentifiers(job.getJobID());
        for (DeadLetterReason reason : sent.keySet()) {
            assertThat(sum(metrics, ".medwarn.deadLettersByReason." + reason.name()))
                    .as("counter of " + reason)
                    .isEqualTo(1);
        }
        assertThat(sum(metrics, ".medwarn.deadLetters")).isEqualTo(sent.size());
        // S-G1, S-G2, S-G3 and the two clock settlements; R-G3 reversed S-G3
        assertThat(sum(metrics, ".medwarn.settlementsCounted")).isEqualTo(5);
        assertThat(sum(metrics, ".medwarn.reversalsApplied")).isEqualTo(1);

        List<Warning> warnings =
                KafkaTestInput.readCommitted(
                                bootstrap,
                                Topics.WARNINGS,
                                v -> !v.isEmpty(),
                                Duration.ofSeconds(3),
                                TIMEOUT)
                        .stream()
                        .map(r -> warning(r.value()))
                        .toList();
        assertThat(warnings)
                .extracting(Warning::getPsnNo, Warning::getToLevel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("G1", Level.BLUE));
    }

    // --- producing ---

    private static byte[] send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key(key), value)).get();
        return value;
    }

    private static void sendTo(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            int partition,
            String key,
            byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key(key), value)).get();
    }

    private static byte[] key(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    // --- records ---

    private static PersonRecord.Builder person(String psn, Category category) {
        return PersonRecord.newBuilder()
                .setPsnNo(psn)
                .setCategory(category)
                .setIdentity(category == Category.ASSISTED ? "低保对象" : null)
                .setAdmdvs("371525101203")
                .setEffectiveFrom("2024-01-01");
    }

    private static Settlement.Builder settlement(
            String psn, String setlId, String time, String psnPartAmt) {
        return Settlement.newBuilder()
                .setSetlId(setlId)
                .setPsnNo(psn)
                .setSetlTime(time)
                .setPsnPartAmt(new BigDecimal(psnPartAmt))
                .setRefdSetlFlag("0")
                .setInsuAdmdvs("371525");
    }

    private static Settlement.Builder reversal(
            String psn, String setlId, String initSetlId, String time, String psnPartAmt) {
        return settlement(psn, setlId, time, psnPartAmt)
                .setRefdSetlFlag("1")
                .setInitSetlId(initSetlId);
    }

    /** A settlement (its own schema) whose psn_part_amt is 2^70 分: beyond any exact amount. */
    private static byte[] overflowingAmount() throws Exception {
        GenericData.Record r = new GenericData.Record(Settlement.getClassSchema());
        r.put("setl_id", "S-X4");
        r.put("psn_no", "X4");
        r.put("setl_time", "2025-03-05 10:00:00");
        r.put("psn_part_amt", ByteBuffer.wrap(BigInteger.TWO.pow(70).toByteArray()));
        r.put("insu_admdvs", "371525");
        return bytes(
                new BinaryMessageEncoder<GenericRecord>(
                                GenericData.get(), Settlement.getClassSchema())
                        .encode(r));
    }

    private static byte[] avro(Settlement.Builder s) throws Exception {
        return avro(s.build());
    }

    private static byte[] avro(Settlement s) throws Exception {
        return bytes(s.toByteBuffer());
    }

    private static byte[] avro(PersonRecord p) throws Exception {
        return bytes(p.toByteBuffer());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    // --- reading ---

    private static List<DeadLetter> readDeadLetters(
            Set<DeadLetterReason> expected, Duration quiet) {
        Set<String> names = expected.stream().map(Enum::name).collect(Collectors.toSet());
        return KafkaTestInput.readCommitted(
                        broker.bootstrapServers(),
                        Topics.DEAD_LETTERS,
                        values ->
                                values.stream()
                                        .map(r -> deadLetter(r.value()).getReason())
                                        .collect(Collectors.toSet())
                                        .containsAll(names),
                        quiet,
                        TIMEOUT)
                .stream()
                .map(r -> deadLetter(r.value()))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static DeadLetter deadLetter(byte[] value) {
        try {
            return DeadLetter.getDecoder().decode(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Warning warning(byte[] value) {
        try {
            return Warning.getDecoder().decode(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The sum of the counters whose identifier ends with {@code suffix}, over all subtasks. */
    private static long sum(Map<String, Metric> metrics, String suffix) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith(suffix) && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }
}
