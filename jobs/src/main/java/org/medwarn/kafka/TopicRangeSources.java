package org.medwarn.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.SettlementTimeWatermarks;
import org.medwarn.job.Sources;

/**
 * The inputs of a backtest from Kafka, bounded: the whole {@code persons} topic (the registry, from
 * the earliest offset), then the {@code settlements} whose {@code setl_time} lies in a range of
 * China time. One {@link HybridSource} reads the registry first and the settlements after it, as a
 * replay reads its files, so no settlement is monitored before its person's registry record.
 *
 * <p>Settlements: reading starts at the Kafka timestamp {@code from} minus one day ({@link
 * OffsetsInitializer#timestamp}; a settlement is produced after it happens, the day absorbs clock
 * differences) and stops at the end offsets the source finds when it starts ({@link
 * OffsetsInitializer#latest()}, so late settlements delivered after the range's end are read); the
 * {@link SettlementTimeFilter} keeps exactly the settlements with {@code from <= setl_time < to}.
 * The source runs with one subtask per settlements partition, so every subtask's event time follows
 * one partition in delivery order and the watermarks stay as in the live job.
 *
 * <p>Offsets are never committed: the backtest does not disturb the consumer groups of the live
 * job.
 */
public final class TopicRangeSources {
    /** Margin before {@code from} for the Kafka-timestamp start. */
    static final long START_MARGIN_MS = 24 * 3_600_000L;

    private TopicRangeSources() {}

    /**
     * @param fromMillis start of the {@code setl_time} range (inclusive, epoch ms)
     * @param toMillis end of the range (exclusive, epoch ms)
     */
    public static Sources sources(String bootstrapServers, long fromMillis, long toMillis)
            throws InterruptedException, ExecutionException {
        KafkaSource<RawRecord> persons =
                source(bootstrapServers, Topics.PERSONS)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new RawRecordDeserializer(RawRecord.InputKind.PERSON))
                        .build();
        KafkaSource<RawRecord> settlements =
                source(bootstrapServers, Topics.SETTLEMENTS)
                        .setStartingOffsets(
                                OffsetsInitializer.timestamp(
                                        Math.max(0, fromMillis - START_MARGIN_MS)))
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new SettlementTimeFilter(fromMillis, toMillis))
                        .build();
        HybridSource<RawRecord> registryThenSettlements =
                HybridSource.builder(persons).addSource(settlements).build();
        return new Sources(
                List.of(
                        new Sources.Input(
                                "kafka-range",
                                registryThenSettlements,
                                partitions(bootstrapServers, Topics.SETTLEMENTS))),
                SettlementTimeWatermarks.punctuated(Sources.DEFAULT_OUT_OF_ORDERNESS));
    }

    private static org.apache.flink.connector.kafka.source.KafkaSourceBuilder<RawRecord> source(
            String bootstrapServers, String topic) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId("medwarn-backtest")
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setProperty("enable.auto.commit", "false")
                .setProperty("client.id.prefix", "medwarn-backtest-" + topic);
    }

    /** The partition count of {@code topic}. */
    static int partitions(String bootstrapServers, String topic)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return Topics.partitionCount(admin, topic);
        }
    }
}
