package org.medwarn.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Warning;
import org.medwarn.cli.Args;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.SettlementTimeWatermarks;
import org.medwarn.kafka.AvroRecordSerializer;
import org.medwarn.kafka.RawRecordDeserializer;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;

/**
 * The live monitoring job: Kafka {@code settlements} and {@code persons} in, {@code warnings},
 * {@code ledger} and {@code dead-letters} out with exactly-once transactions, RocksDB state with
 * incremental checkpoints.
 *
 * <pre>
 * ./medwarn job --bootstrap-servers HOST:PORT [--policy policy.yaml] [--parallelism 2]
 *     [--checkpoint-dir file:///var/lib/medwarn/checkpoints] [--checkpoint-interval-ms 10000]
 *     [--group-id medwarn-monitor]
 * </pre>
 */
public final class MonitoringJob {
    static final Set<String> OPTIONS =
            Set.of(
                    "bootstrap-servers",
                    "policy",
                    "parallelism",
                    "checkpoint-dir",
                    "checkpoint-interval-ms",
                    "group-id");

    /**
     * Kafka's default {@code transaction.max.timeout.ms} is 15 minutes; the producers' timeout must
     * not exceed it, and must outlast a checkpoint plus a restart.
     */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(Duration.ofMinutes(10).toMillis());

    private MonitoringJob() {}

    /** Settings of the live job. */
    public record Settings(
            String bootstrapServers,
            Policy policy,
            int parallelism,
            String checkpointDir,
            long checkpointIntervalMs,
            String groupId) {

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
                    a.get("group-id", "medwarn-monitor"));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        StreamExecutionEnvironment env = environment(settings);
        defineJob(env, settings);
        env.execute("medwarn monitoring");
    }

    /** The live workflow on {@code env}: the Kafka sources and exactly-once sinks of settings. */
    public static void defineJob(StreamExecutionEnvironment env, Settings settings) {
        MonitoringWorkflow.defineWorkflow(
                env, kafkaSources(settings), kafkaSinks(settings), settings.policy());
    }

    /** RocksDB with incremental checkpoints, exactly-once checkpointing, no Kryo fallback. */
    public static StreamExecutionEnvironment environment(Settings settings) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(settings.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    public static Sources kafkaSources(Settings settings) {
        return new Sources(
                List.of(
                        new Sources.Input(
                                Topics.PERSONS,
                                source(settings, Topics.PERSONS, RawRecord.InputKind.PERSON),
                                -1),
                        new Sources.Input(
                                Topics.SETTLEMENTS,
                                source(
                                        settings,
                                        Topics.SETTLEMENTS,
                                        RawRecord.InputKind.SETTLEMENT),
                                -1)),
                SettlementTimeWatermarks.periodic(Sources.DEFAULT_OUT_OF_ORDERNESS)
                        .withIdleness(Duration.ofSeconds(30)),
                new Sources.Input(
                        Topics.POLICIES,
                        source(settings, Topics.POLICIES, RawRecord.InputKind.POLICY),
                        1));
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

    public static Sinks kafkaSinks(Settings settings) {
        return new Sinks(
                sink(settings, Topics.WARNINGS, Warning.getClassSchema(), Warning::getPsnNo),
                sink(settings, Topics.LEDGER, LedgerEntry.getClassSchema(), LedgerEntry::getPsnNo),
                sink(
                        settings,
                        Topics.DEAD_LETTERS,
                        DeadLetter.getClassSchema(),
                        DeadLetter::getPsnNo));
    }

    private static <T extends SpecificRecordBase> KafkaSink<T> sink(
            Settings settings,
            String topic,
            org.apache.avro.Schema schema,
            SerializableFunction<T, String> key) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(topic, schema, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.groupId() + "-" + topic)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();
    }
}
