package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Settlement;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Money;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchSettings;

/**
 * The live job with the search sink against a real Kafka broker and a real search node (the
 * embedded OpenSearch node, or Elasticsearch 8.19 with {@code -Dmedwarn.search.url=http://…}): the
 * replay fixture goes in in two halves with a cancel and a restore from the last retained
 * checkpoint in between; afterwards the ledger, warning and aggregate indices must hold exactly the
 * expected documents, i.e. those of a failure-free run (the replay's golden files), with no
 * duplicates, and the screening and feedback indices a document per record (id) of the {@code
 * screenings} / {@code feedback} topics, with ids of the golden files only.
 */
class SearchIndexingIT {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LiveServices services;
    private static EmbeddedKafkaBroker broker;
    private static String searchUrl;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        services = LiveServices.start();
        broker = services.broker;
        searchUrl = services.searchUrl;
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void indicesHoldExactlyTheExpectedDocumentsAfterARestoreFromACheckpoint() throws Exception {
        for (String index : IndexTemplates.INDICES) {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(searchUrl + "/" + index)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        String checkpoints = tmp.resolve("checkpoints").toUri().toString();
        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                                broker.bootstrapServers(),
                                PolicyLoader.defaultPolicy(),
                                2,
                                checkpoints,
                                1000,
                                "medwarn-search-it")
                        .withSearch(
                                SearchSettings.builder(searchUrl)
                                        .batching(50, 2, 1000, Duration.ofMillis(200))
                                        .build(),
                                RegionDirectory.defaultDirectory());
        IndexTemplates.install(settings.search());
        IndexTemplates.install(settings.search()); // idempotent

        List<String> settlements = withoutWatermarkDependentLines();
        int half = settlements.size() / 2;
        int persons =
                produce(
                        Topics.PERSONS,
                        Files.readAllLines(FIXTURE.resolve("persons.jsonl")),
                        PersonRecord::new);

        // First run: the registry and half of the settlements, then cancel after a checkpoint.
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        JobClient first = run(settings, conf);
        try {
            awaitCommitted(settings.groupId(), Topics.PERSONS, persons);
            produce(Topics.SETTLEMENTS, settlements.subList(0, half), Settlement::new);
            // Offsets are committed when a checkpoint completes: this one holds the first half.
            awaitCommitted(settings.groupId(), Topics.SETTLEMENTS, half);
        } finally {
            first.cancel().get();
        }
        Path checkpoint = latestCheckpoint(tmp.resolve("checkpoints"));

        // Second run restored from that checkpoint: the rest of the settlements.
        Configuration restore = new Configuration(conf);
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
        JobClient second = run(settings, restore);
        try {
            produce(
                    Topics.SETTLEMENTS,
                    settlements.subList(half, settlements.size()),
                    Settlement::new);
            awaitCommitted(settings.groupId(), Topics.SETTLEMENTS, settlements.size());
            List<String> expectedWarnings =
                    Files.readAllLines(FIXTURE.resolve("expected-warnings.jsonl"));
            awaitCount(IndexTemplates.WARNINGS, expectedWarnings.size());
            awaitStable();

            List<JsonNode> ledger = readLines(FIXTURE.resolve("expected-ledger.jsonl"));
            // the aggregates count every person-year, those below the ledger floor too
            List<JsonNode> everyPersonYear = new ArrayList<>(ledger);
            everyPersonYear.addAll(readLines(FIXTURE.resolve("expected-below-ledger-floor.jsonl")));
            eventually(
                    () -> {
                        assertWarnings(expectedWarnings);
                        assertLedger(ledger);
                        assertAggregates(everyPersonYear);
                        assertCadenceIds(
                                IndexTemplates.SCREENINGS,
                                Topics.SCREENINGS,
                                v -> Screening.getDecoder().decode(v).getScreeningId(),
                                "expected-screenings.jsonl",
                                "screening_id");
                        assertCadenceIds(
                                IndexTemplates.FEEDBACK,
                                Topics.FEEDBACK,
                                v -> Feedback.getDecoder().decode(v).getFeedbackId(),
                                "expected-feedback.jsonl",
                                "feedback_id");
                    });
        } finally {
            second.cancel().get();
        }
    }

    /**
     * The fixture's settlements without the lines whose fate depends on how far the watermark has
     * come when they arrive (rejected beyond the late bound, orphaned reversal): the replay decides
     * them by content, the live job by the watermark, the minimum over the partitions. P001 (S0014,
     * dated 2025-11-01 after S0013 of 2026-05-01) and P002 hash to different partitions of {@code
     * settlements}, so the live watermark never passes 2026-03-31 and the live job counts S0014:
     * P001-2025 has 2 settlements, with or without a restore. That was the failure this test was
     * disabled for, not a lost or repeated write. In the replay those lines change no ledger row,
     * warning or report, so the golden files hold for the rest.
     */
    private static final Pattern SETL_TIME =
            Pattern.compile(
                    "\"setl_time\":\"(\\d{4}-(?:0\\d|1[0-2])-\\d{2} \\d{2}:\\d{2}:\\d{2})\"");

    private static List<String> withoutWatermarkDependentLines() throws Exception {
        Set<Integer> dependent = new TreeSet<>();
        for (String line :
                Files.readAllLines(FIXTURE.resolve("expected-dead-letter-reasons.txt"))) {
            String[] f = line.split(" ");
            if (f[1].equals("LATE_BEYOND_BOUND") || f[1].equals("REVERSAL_ORIGINAL_MISSING")) {
                dependent.add(Integer.parseInt(f[0]));
            }
        }
        List<String> all = Files.readAllLines(FIXTURE.resolve("settlements.jsonl"));
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!dependent.contains(i + 1)) {
                kept.add(all.get(i));
            }
        }
        assertThat(kept).hasSize(all.size() - 2);
        String latest = "";
        for (String line : kept) {
            // Lines that are not JSON or have an unparsable time are dead letters: skip them.
            Matcher m = SETL_TIME.matcher(line);
            if (m.find() && m.group(1).compareTo(latest) > 0) {
                latest = m.group(1);
            }
        }
        replayWatermarkEnd =
                LocalDateTime.parse(latest.replace(' ', 'T'))
                        .minus(Sources.DEFAULT_OUT_OF_ORDERNESS)
                        .minusNanos(1_000_000);
        return kept;
    }

    /**
     * Retries the assertions until they hold or the timeout passes: documents buffered in the sink
     * at the last checkpoint are written up to the buffer time later.
     */
    private static void eventually(ThrowingRunnable assertions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                assertions.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static JobClient run(MonitoringJob.Settings settings, Configuration conf)
            throws Exception {
        StreamExecutionEnvironment env = MonitoringJob.environment(settings, conf);
        MonitoringWorkflow.defineWorkflow(
                env,
                MonitoringJob.kafkaSources(settings),
                MonitoringJob.kafkaSinks(settings),
                settings.policy());
        return env.executeAsync("medwarn-search-it");
    }

    private static void assertWarnings(List<String> expectedLines) throws Exception {
        Map<String, JsonNode> docs = all(IndexTemplates.WARNINGS);
        assertThat(docs).hasSize(expectedLines.size());
        for (String line : expectedLines) {
            JsonNode e = JSON.readTree(line);
            String id = e.get("psn_no").asText() + "-" + e.get("year") + "-" + e.get("sequence");
            JsonNode d = docs.get(id);
            assertThat(d).as(id).isNotNull();
            assertThat(d.get("warning_id").asText()).isEqualTo(id);
            assertThat(d.get("from_level").asText()).isEqualTo(e.get("from_level").asText());
            assertThat(d.get("to_level").asText()).isEqualTo(e.get("to_level").asText());
            assertThat(d.get("annual_self_pay_text").asText())
                    .isEqualTo(e.get("annual_self_pay").asText());
            assertThat(d.get("annual_self_pay_cents").asLong())
                    .isEqualTo(Money.parseCents(e.get("annual_self_pay").asText()));
            assertThat(d.get("psn_name_masked")).isEqualTo(e.get("psn_name_masked"));
            assertThat(d.get("certno_masked")).isEqualTo(e.get("certno_masked"));
            assertThat(d.get("status").asText()).isEqualTo("NEW");
            assertThat(d.get("event_time").asText()).endsWith("+08:00");
            assertThat(d.get("direction").asText())
                    .isEqualTo(
                            rank(e.get("to_level").asText()) > rank(e.get("from_level").asText())
                                    ? "UP"
                                    : "DOWN");
        }
    }

    private static void assertLedger(List<JsonNode> expected) throws Exception {
        Map<String, JsonNode> docs = all(IndexTemplates.LEDGER);
        assertThat(docs).hasSize(expected.size());
        for (JsonNode e : expected) {
            String id = e.get("psn_no").asText() + "-" + e.get("year");
            JsonNode d = docs.get(id);
            assertThat(d).as(id).isNotNull();
            for (String f :
                    List.of(
                            "category",
                            "identity",
                            "level",
                            "settlements_counted",
                            "county_code",
                            "township_code",
                            "village_code",
                            "registry_missing",
                            "psn_name_masked",
                            "certno_masked",
                            "policy_version")) {
                assertThat(d.get(f)).as(id + " " + f).isEqualTo(e.get(f));
            }
            assertThat(d.get("annual_self_pay_text").asText())
                    .isEqualTo(e.get("annual_self_pay").asText());
            assertThat(d.get("level_rank").asInt()).isEqualTo(rank(e.get("level").asText()));
            assertThat(d.get("revision").asLong()).isPositive();
            // Whether a year is closed yet depends on how far the live watermark has come.
            if (!e.get("township_code").isNull()) {
                assertThat(d.get("county_name").asText()).isEqualTo("冠县");
            }
        }
    }

    /**
     * Current aggregates: recomputed from the final rows of every person-year (the expected ledger
     * and the person-years below its floor); groups left empty hold 0.
     */
    private static void assertAggregates(List<JsonNode> ledger) throws Exception {
        Map<String, long[]> expected = new TreeMap<>();
        for (JsonNode l : ledger) {
            long cents = Money.parseCents(l.get("annual_self_pay").asText());
            String tail =
                    l.get("category").asText()
                            + "-"
                            + l.get("level").asText()
                            + "-"
                            + l.get("year").asText();
            List<String> groups = new ArrayList<>();
            groups.add("county-" + l.get("county_code").asText());
            if (!l.get("township_code").isNull()) {
                groups.add("township-" + l.get("township_code").asText());
                groups.add("village-" + l.get("village_code").asText());
            }
            for (String g : groups) {
                long[] v = expected.computeIfAbsent("current-" + g + "-" + tail, k -> new long[2]);
                v[0]++;
                v[1] += cents;
            }
        }
        Map<String, JsonNode> docs = all(IndexTemplates.AGGREGATES);
        Map<String, long[]> current = new TreeMap<>();
        docs.forEach(
                (id, d) -> {
                    assertThat(d.get("persons").asLong()).as(id).isNotNegative();
                    if (id.startsWith("current-")) {
                        current.put(
                                id,
                                new long[] {
                                    d.get("persons").asLong(), d.get("self_pay_cents").asLong()
                                });
                    } else {
                        assertThat(id).startsWith("daily-");
                        assertThat(d.get("doc_type").asText()).isEqualTo("daily");
                    }
                });
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            assertThat(current.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
        current.keySet().removeAll(expected.keySet());
        current.forEach((id, v) -> assertThat(v).as(id + " left empty").containsExactly(0, 0));
    }

    /**
     * The index holds a document for every id of the committed records of the topic, and only ids
     * of the replay's golden file (the live watermark may stop short of its last instants) or of
     * instants after the replay's last watermark (the live watermark may also go further, see
     * {@link #replayWatermarkEnd}). The fixture yields screenings and feedback, so the topic may
     * not be empty.
     */
    private static void assertCadenceIds(
            String index, String topic, IdOf idOf, String golden, String idField) throws Exception {
        Set<String> ids = new TreeSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(idOf.apply(r.value()));
                }
            }
        }
        assertThat(ids).as(topic).isNotEmpty();
        Set<String> expected = new TreeSet<>();
        readLines(FIXTURE.resolve(golden)).forEach(e -> expected.add(e.get(idField).asText()));
        Set<String> indexed = new TreeSet<>(all(index).keySet());
        assertThat(indexed).as(index + " ⊇ topic " + topic).containsAll(ids);
        Set<String> beyondGolden = new TreeSet<>(indexed);
        beyondGolden.removeAll(expected);
        assertThat(beyondGolden)
                .as(
                        index
                                + " ⊆ "
                                + golden
                                + " ∪ instants the replay's watermark never reached (after "
                                + replayWatermarkEnd
                                + ")")
                .allMatch(SearchIndexingIT::afterTheReplaysLastWatermark);
    }

    /**
     * The replay's last watermark: the latest settlement time less the out-of-orderness bound. The
     * replay never goes further (it does not follow the wall clock); the live job does once its
     * input has been idle for a minute ({@code SettlementTimeWatermarks.liveAtSource}), so it may
     * emit the cadence instants just after it, e.g. the monthly feedback of 2026-05-01 00:00 when
     * the latest settlement is dated exactly then. Set in {@link #withoutWatermarkDependentLines}.
     */
    private static LocalDateTime replayWatermarkEnd;

    private static final DateTimeFormatter INSTANT_IN_ID =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm");

    /** Whether a screening or feedback id names an instant after the replay's last watermark. */
    private static boolean afterTheReplaysLastWatermark(String id) {
        String instant = id.substring(id.lastIndexOf('-') + 1);
        return instant.matches("\\d{12}")
                && LocalDateTime.parse(instant, INSTANT_IN_ID).isAfter(replayWatermarkEnd);
    }

    @FunctionalInterface
    private interface IdOf {
        String apply(byte[] value) throws Exception;
    }

    private static int rank(String level) {
        return org.medwarn.avro.Level.valueOf(level).ordinal();
    }

    // ---------------------------------------------------------------------------------------

    private static Map<String, JsonNode> all(String index) throws Exception {
        return new SearchTestClient(searchUrl).all(index);
    }

    private static void awaitCount(String index, long expected) throws Exception {
        new SearchTestClient(searchUrl).awaitCount(index, expected, TIMEOUT);
    }

    /** Waits until no index changed for a few seconds (the sink has caught up). */
    private static void awaitStable() throws Exception {
        new SearchTestClient(searchUrl).awaitStable(TIMEOUT);
    }

    private static List<JsonNode> readLines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static Path latestCheckpoint(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            Optional<Path> latest =
                    paths.filter(p -> p.getFileName().toString().equals("_metadata"))
                            .map(Path::getParent)
                            .filter(p -> p.getFileName().toString().startsWith("chk-"))
                            .max(
                                    (a, b) ->
                                            Long.compare(
                                                    Long.parseLong(
                                                            a.getFileName()
                                                                    .toString()
                                                                    .substring(4)),
                                                    Long.parseLong(
                                                            b.getFileName()
                                                                    .toString()
                                                                    .substring(4))));
            return latest.orElseThrow(() -> new AssertionError("no retained checkpoint in " + dir));
        }
    }

    private static <T extends SpecificRecordBase> int produce(
            String topic, List<String> lines, java.util.function.Supplier<T> factory)
            throws Exception {
        return KafkaTestInput.produce(broker.bootstrapServers(), topic, lines, factory);
    }

    private static void awaitCommitted(String group, String topic, long total) throws Exception {
        KafkaTestInput.awaitCommitted(broker.bootstrapServers(), group, topic, total, TIMEOUT);
    }
}
