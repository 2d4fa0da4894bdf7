package org.medwarn.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Warning;
import org.medwarn.cli.Args;
import org.medwarn.ingest.InputLimits;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.SettlementTimeWatermarks;
import org.medwarn.kafka.AvroRecordSerializer;
import org.medwarn.kafka.RawRecordDeserializer;
import org.medwarn.kafka.RegistryCatchUp;
import org.medwarn.kafka.RegistryFirstSource;
import org.medwarn.kafka.RegistryProgressSource;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.KafkaSearchDeadLetters;
import org.medwarn.sink.search.SearchSettings;
import org.medwarn.sink.search.SearchSink;
import org.rocksdb.CompressionType;

/**
 * The live monitoring job: Kafka {@code settlements}, {@code persons}, {@code policies} and {@code
 * triage} in, {@code warnings}, {@code ledger}, {@code dead-letters}, {@code screenings} and {@code
 * feedback} out with exactly-once transactions, RocksDB state with incremental checkpoints.
 *
 * <pre>
 * ./medwarn job --bootstrap-servers HOST:PORT [--policy policy.yaml] [--parallelism 2]
 *     [--checkpoint-dir file:///var/lib/medwarn/checkpoints] [--checkpoint-interval-ms 10000]
 *     [--group-id medwarn-monitor]
 *     [--max-record-bytes 1048576] [--future-tolerance-minutes 60] [--retention-years 5]
 *     [--search http://HOST:9200[,…] [--search-user U --search-password P | --search-api-key K]
 *      [--search-ca-cert ca.pem] [--search-batch-size 1000] [--search-in-flight 2]
 *      [--search-buffered 20000] [--search-buffer-ms 1000] [--regions regions.tsv]]
 * </pre>
 *
 * With {@code --search}, the index templates are installed at start and the job also writes the
 * ledger, warnings and aggregates documents (see {@link SearchSink}).
 */
public final class MonitoringJob {
    /** Environment variable with the search engine's basic-auth user (default of --search-user). */
    public static final String SEARCH_USER_ENV = "MEDWARN_SEARCH_USER";

    /** Environment variable with the search engine's password (default of --search-password). */
    public static final String SEARCH_PASSWORD_ENV = "MEDWARN_SEARCH_PASSWORD";

    static final Set<String> OPTIONS =
            Set.of(
                    "bootstrap-servers",
                    "policy",
                    "parallelism",
                    "checkpoint-dir",
                    "checkpoint-interval-ms",
                    "group-id",
                    "search",
                    "search-user",
                    "search-password",
                    "search-api-key",
                    "search-ca-cert",
                    "search-batch-size",
                    "search-in-flight",
                    "search-buffered",
                    "search-buffer-ms",
                    "regions",
                    "max-record-bytes",
                    "future-tolerance-minutes",
                    "retention-years");

    /**
     * Kafka's default {@code transaction.max.timeout.ms} is 15 minutes; the producers' timeout must
     * not exceed it, and must outlast a checkpoint plus a restart.
     */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(Duration.ofMinutes(10).toMillis());

    /**
     * One transactional id per subtask and checkpoint ({@code prefix-subtask-checkpoint}), pinned
     * rather than left to the connector's default. Kafka 4's transaction protocol (KIP-890,
     * transaction version 2) bumps the producer epoch at every commit and abort, so an id that is
     * reused across checkpoints ({@link TransactionNamingStrategy#POOLING}) reaches the epoch limit
     * (32,767) after about as many checkpoints, and recovering a checkpoint's transaction across
     * that rollover fails (as FLINK-40689 describes). With an id per checkpoint each id sees only a
     * few epochs. Recovery is tested in {@code KafkaTransactionRecoveryIT} and {@code
     * FailureRecoveryIT}.
     */
    static final TransactionNamingStrategy TRANSACTION_NAMING =
            TransactionNamingStrategy.INCREMENTING;

    private MonitoringJob() {}

    /** Settings of the live job. */
    public record Settings(
            String bootstrapServers,
            Policy policy,
            int parallelism,
            String checkpointDir,
            long checkpointIntervalMs,
            String groupId,
            SearchSettings search,
            RegionDirectory regions) {

        /** Settings without a search engine. */
        public Settings(
                String bootstrapServers,
                Policy policy,
                int parallelism,
                String checkpointDir,
                long checkpointIntervalMs,
                String groupId) {
            this(
                    bootstrapServers,
                    policy,
                    parallelism,
                    checkpointDir,
                    checkpointIntervalMs,
                    groupId,
                    null,
                    null);
        }

        /** These settings, writing to the search engine of {@code search} too. */
        public Settings withSearch(SearchSettings search, RegionDirectory regions) {
            return new Settings(
                    bootstrapServers,
                    policy,
                    parallelism,
                    checkpointDir,
                    checkpointIntervalMs,
                    groupId,
                    search,
                    regions);
        }

        static Settings parse(String[] argv) {
            Args a = new Args("job", argv, OPTIONS);
            String policy = a.get("policy", null);
            return new Settings(
                    a.required("bootstrap-servers"),
                    policy == null
                            ? PolicyLoader.defaultPolicy()
                            : PolicyLoader.load(Path.of(policy)),
                    a.intValue("parallelism", 2),
                    a.get(
                            "checkpoint-dir",
                            Path.of(System.getProperty("java.io.tmpdir"), "medwarn-checkpoints")
                                    .toUri()
                                    .toString()),
                    a.intValue("checkpoint-interval-ms", 10_000),
                    a.get("group-id", "medwarn-monitor"),
                    searchSettings(a),
                    regions(a));
        }

        /**
         * The search settings of {@code --search} and its options, null without {@code --search};
         * the credentials default to the environment variables {@value #SEARCH_USER_ENV} and
         * {@value #SEARCH_PASSWORD_ENV} (so a password need not be on a command line).
         */
        public static SearchSettings searchSettings(Args a) {
            String hosts = a.get("search", null);
            if (hosts == null) {
                return null;
            }
            String caCert = a.get("search-ca-cert", null);
            return SearchSettings.builder(hosts)
                    .batching(
                            a.intValue("search-batch-size", SearchSettings.DEFAULT_BATCH_SIZE),
                            a.intValue("search-in-flight", SearchSettings.DEFAULT_IN_FLIGHT),
                            a.intValue("search-buffered", SearchSettings.DEFAULT_BUFFERED),
                            Duration.ofMillis(
                                    a.intValue(
                                            "search-buffer-ms",
                                            (int) SearchSettings.DEFAULT_BUFFER_TIME.toMillis())))
                    .basicAuth(
                            a.get("search-user", System.getenv(SEARCH_USER_ENV)),
                            a.get("search-password", System.getenv(SEARCH_PASSWORD_ENV)))
                    .apiKey(a.get("search-api-key", null))
                    .caCert(caCert == null ? null : a.existingFile("search-ca-cert").toString())
                    .build();
        }

        private static RegionDirectory regions(Args a) {
            if (a.get("regions", null) == null) {
                return RegionDirectory.defaultDirectory();
            }
            try {
                return RegionDirectory.load(a.existingFile("regions"));
            } catch (java.io.IOException e) {
                throw new Args.UsageException(
                        "--regions: cannot read " + a.get("regions", null) + ": " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        InputLimits limits = inputLimits(new Args("job", args, OPTIONS));
        if (settings.search() != null) {
            IndexTemplates.install(settings.search());
        }
        StreamExecutionEnvironment env = environment(settings);
        defineJob(env, settings, limits);
        env.execute("medwarn monitoring");
    }

    /** The live workflow on {@code env}: the Kafka sources and exactly-once sinks of settings. */
    public static void defineJob(StreamExecutionEnvironment env, Settings settings) {
        defineJob(env, settings, InputLimits.DEFAULTS);
    }

    /**
     * As {@link #defineJob(StreamExecutionEnvironment, Settings)}, decoding under {@code limits}.
     */
    public static void defineJob(
            StreamExecutionEnvironment env, Settings settings, InputLimits limits) {
        MonitoringWorkflow.defineWorkflow(
                env,
                kafkaSources(settings).withLimits(limits),
                kafkaSinks(settings),
                settings.policy());
    }

    /**
     * The input limits of {@code --max-record-bytes}, {@code --future-tolerance-minutes} and {@code
     * --retention-years} (defaults: {@link InputLimits#DEFAULTS}).
     */
    static InputLimits inputLimits(Args a) {
        try {
            return new InputLimits(
                    a.intValue("max-record-bytes", (int) InputLimits.DEFAULT_MAX_RECORD_BYTES),
                    Duration.ofMinutes(
                            a.intValue(
                                    "future-tolerance-minutes",
                                    (int) InputLimits.DEFAULT_FUTURE_TOLERANCE.toMinutes())),
                    a.intValue("retention-years", InputLimits.DEFAULT_RETENTION_YEARS));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + e.getMessage());
        }
    }

    /**
     * Managed memory of a local cluster (RocksDB's block cache and write buffers, shared by the
     * slots), in place of Flink's local default of 128 MiB: with that, 300,000 persons' state at
     * parallelism 2 no longer fitted the cache and the quick bench's monitor read from disk blocks
     * (1,408,721 settlements: 16,162 and 17,731/s at 128 MiB, 24,437 and 24,901/s at 1 GiB,
     * BENCHMARKS.md session 13). Native memory, used as RocksDB fills it; about what a production
     * task manager of 3-4 GB has (its default managed fraction is 0.4).
     */
    public static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.ofMebiBytes(1024);

    /**
     * RocksDB compression by level: none in levels 0 and 1, where every checkpoint's flush lands
     * and compaction rewrites most, LZ4 below; with dynamic level sizes. Every checkpoint flushes
     * the memtables into new level-0 files, and with persons' keys spread over the key space each
     * level-0 compaction rewrites the level below: at 10 M persons the compaction thread held the
     * monitors back (8,848 settlements/s with Flink's defaults, Snappy everywhere; 19,862/s with
     * these), for checkpoints 2.5 times larger (967 MiB against 2,389 MiB; BENCHMARKS.md, session
     * 13). A caller's {@code state.backend.rocksdb.compression.per.level} or {@code
     * compaction.level.use-dynamic-size} replaces both.
     */
    static final List<CompressionType> COMPRESSION_PER_LEVEL =
            List.of(
                    CompressionType.NO_COMPRESSION,
                    CompressionType.NO_COMPRESSION,
                    CompressionType.LZ4_COMPRESSION);

    /**
     * RocksDB with incremental checkpoints and bloom filters, exactly-once checkpointing, object
     * reuse, no Kryo fallback.
     *
     * <p>Bloom filters: almost every settlement looks up a {@code setl_id} that is not there yet
     * (the duplicate check), and a miss then costs no data-block read. Object reuse: no operator
     * keeps or changes a record it has received or emitted (records are new objects, state is
     * serialized), so chained operators need no defensive deep copies of the Avro outputs; the
     * replay runs the same workflow with object reuse too.
     *
     * <p>Managed memory ({@link #LOCAL_MANAGED_MEMORY}) only applies where the job starts its own
     * local cluster ({@code medwarn local}, the bench, replays, tests); on a Flink cluster the task
     * managers' configuration decides.
     */
    public static StreamExecutionEnvironment environment(Settings settings) {
        return environment(settings, new Configuration());
    }

    /**
     * As {@link #environment(Settings)}, on top of {@code base} (e.g. a checkpoint to restore from,
     * {@code execution.state-recovery.path}; a {@code state.backend.type} there replaces RocksDB,
     * as {@code medwarn local} does for a small county).
     */
    public static StreamExecutionEnvironment environment(Settings settings, Configuration base) {
        Configuration conf = new Configuration(base);
        if (!base.contains(StateBackendOptions.STATE_BACKEND)) {
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        }
        if (!base.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
        }
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        if (!base.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)
                && !base.contains(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE)) {
            conf.set(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE, true);
            conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, COMPRESSION_PER_LEVEL);
        }
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(settings.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    /**
     * The live job's sources: {@code persons}, {@code settlements} (registry first, {@link
     * RegistryFirstSource}; one watermark per partition, {@link
     * SettlementTimeWatermarks#liveAtSource}), {@code policies} and {@code triage}.
     *
     * <p>Each settlement partition holds event time back for the idle time from when it is assigned
     * to a reader: at a first start that is after the registry wait, at a restore at once, so the
     * hold does not depend on how the job starts.
     */
    public static Sources kafkaSources(Settings settings) {
        return new Sources(
                List.of(
                        new Sources.Input(Topics.PERSONS, registrySource(settings), -1),
                        new Sources.Input(
                                Topics.SETTLEMENTS,
                                settlementsSource(settings),
                                -1,
                                SettlementTimeWatermarks.liveAtSource(
                                        Sources.DEFAULT_OUT_OF_ORDERNESS))),
                // Live: event time keeps up with the wall clock when the settlements stop.
                SettlementTimeWatermarks.live(Sources.DEFAULT_OUT_OF_ORDERNESS),
                new Sources.Input(
                        Topics.POLICIES,
                        source(settings, Topics.POLICIES, RawRecord.InputKind.POLICY),
                        1),
                new Sources.Input(
                        Topics.TRIAGE,
                        source(settings, Topics.TRIAGE, RawRecord.InputKind.TRIAGE),
                        -1));
    }

    /**
     * The longest time the settlements wait at a start for the registry to be read ({@link
     * RegistryFirstSource}). Measured: 40,000 registry records in 11.5 s ({@code MonitoringJobIT}),
     * most of it the wait for the first completed checkpoint.
     */
    public static final Duration REGISTRY_WAIT = Duration.ofMinutes(5);

    /**
     * The {@code settlements} topic, read once the job has read the registry ({@code persons}) as
     * it stood at the start, as a replay does ({@link #readsRegistryFirst}).
     */
    private static Source<RawRecord, ?, ?> settlementsSource(Settings settings) {
        KafkaSource<RawRecord> settlements =
                source(settings, Topics.SETTLEMENTS, RawRecord.InputKind.SETTLEMENT);
        if (!readsRegistryFirst(settings)) {
            return settlements;
        }
        return new RegistryFirstSource<>(
                settlements,
                new RegistryCatchUp(
                        settings.bootstrapServers(),
                        Topics.PERSONS,
                        registryProgressGroup(settings)),
                REGISTRY_WAIT);
    }

    /**
     * The {@code persons} topic; when the settlements wait for it, its readers also commit each
     * completed checkpoint's offsets at once under the group {@link RegistryCatchUp} watches
     * ({@link RegistryProgressSource}).
     */
    private static Source<RawRecord, ?, ?> registrySource(Settings settings) {
        KafkaSource<RawRecord> persons =
                source(settings, Topics.PERSONS, RawRecord.InputKind.PERSON);
        if (!readsRegistryFirst(settings)) {
            return persons;
        }
        return new RegistryProgressSource<>(
                persons, settings.bootstrapServers(), registryProgressGroup(settings));
    }

    private static String registryProgressGroup(Settings settings) {
        return settings.groupId() + RegistryProgressSource.GROUP_SUFFIX;
    }

    /**
     * Whether the settlements wait for the registry: only with checkpoints, which commit the
     * registry's offsets (without them nothing is committed, and the settlements are read at once).
     */
    private static boolean readsRegistryFirst(Settings settings) {
        return settings.checkpointIntervalMs() > 0;
    }

    private static KafkaSource<RawRecord> source(
            Settings settings, String topic, RawRecord.InputKind kind) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topic)
                .setGroupId(settings.groupId())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer(kind))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * Kafka sinks, plus the search sink when the settings have a search engine (its rejected
     * documents go to the dead-letter topic).
     */
    public static Sinks kafkaSinks(Settings settings) {
        Sinks sinks = kafkaTopicSinks(settings);
        if (settings.search() == null) {
            return sinks;
        }
        KafkaSearchDeadLetters deadLetters =
                new KafkaSearchDeadLetters(settings.bootstrapServers());
        return sinks.withSearch(
                new SearchSink(settings.search(), deadLetters),
                new SearchSink(settings.search().forWarnings(), deadLetters),
                settings.regions() == null
                        ? RegionDirectory.defaultDirectory()
                        : settings.regions());
    }

    private static Sinks kafkaTopicSinks(Settings settings) {
        return new Sinks(
                sink(settings, Topics.WARNINGS, Warning.getClassSchema(), Warning::getPsnNo),
                sink(settings, Topics.LEDGER, LedgerEntry.getClassSchema(), LedgerEntry::getPsnNo),
                sink(
                        settings,
                        Topics.DEAD_LETTERS,
                        DeadLetter.getClassSchema(),
                        DeadLetter::getPsnNo),
                sink(
                        settings,
                        Topics.SCREENINGS,
                        Screening.getClassSchema(),
                        Screening::getCountyCode),
                sink(
                        settings,
                        Topics.FEEDBACK,
                        Feedback.getClassSchema(),
                        f ->
                                f.getTownshipCode() == null
                                        ? f.getCountyCode()
                                        : f.getTownshipCode()));
    }

    private static <T extends SpecificRecordBase> KafkaSink<T> sink(
            Settings settings,
            String topic,
            org.apache.avro.Schema schema,
            SerializableFunction<T, String> key) {
        KafkaSinkBuilder<T> builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(settings.bootstrapServers())
                        .setRecordSerializer(new AvroRecordSerializer<>(topic, schema, key))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(settings.groupId() + "-" + topic)
                        .setTransactionNamingStrategy(TRANSACTION_NAMING)
                        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        if (topic.equals(Topics.DEAD_LETTERS)) {
            // a dead letter carries a whole input record (see Topics.DEAD_LETTER_MAX_BYTES)
            builder.setProperty("max.request.size", String.valueOf(Topics.DEAD_LETTER_MAX_BYTES));
        }
        return builder.build();
    }
}
