package org.medwarn.bench;

import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.SettlementTimeWatermarks;
import org.medwarn.job.Sources;
import org.medwarn.kafka.RawRecordDeserializer;
import org.medwarn.kafka.Topics;

/**
 * Kafka sources of the benchmark's Flink contenders. A throughput run reads each topic from offset
 * 0 and stops at the end offsets seen at start ({@code setBounded(latest())}), so a job is done
 * when it finishes (after its final checkpoint has committed the exactly-once sinks). A latency run
 * reads the registry from the start and the settlements from the end, without end.
 */
final class BenchSources {
    private BenchSources() {}

    /** How a contender reads its topics. */
    enum Mode {
        /** From offset 0 to the end offsets at start; the job then finishes. */
        BOUNDED,
        /** Registry from offset 0, settlements from the current end, forever. */
        LIVE
    }

    /** The monitoring workflow's sources over the bench topics. */
    static Sources monitoring(String bootstrap, String groupId, Mode mode) {
        return new Sources(
                List.of(
                        new Sources.Input(
                                Topics.PERSONS,
                                kafka(
                                        bootstrap,
                                        Topics.PERSONS,
                                        groupId,
                                        new RawRecordDeserializer(RawRecord.InputKind.PERSON),
                                        mode,
                                        true),
                                -1),
                        new Sources.Input(
                                Topics.SETTLEMENTS,
                                kafka(
                                        bootstrap,
                                        Topics.SETTLEMENTS,
                                        groupId,
                                        new RawRecordDeserializer(RawRecord.InputKind.SETTLEMENT),
                                        mode,
                                        false),
                                -1,
                                // as the live job: event time per partition, at the source
                                SettlementTimeWatermarks.liveAtSource(
                                        Sources.DEFAULT_OUT_OF_ORDERNESS))),
                SettlementTimeWatermarks.periodic(Sources.DEFAULT_OUT_OF_ORDERNESS)
                        .withIdleness(Duration.ofSeconds(30)));
    }

    /**
     * One topic.
     *
     * @param registry whether this is the registry topic (read from offset 0 in a live run too)
     */
    static <T> KafkaSource<T> kafka(
            String bootstrap,
            String topic,
            String groupId,
            KafkaRecordDeserializationSchema<T> deserializer,
            Mode mode,
            boolean registry) {
        KafkaSourceBuilder<T> b =
                KafkaSource.<T>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setDeserializer(deserializer)
                        .setProperty("isolation.level", "read_committed");
        if (mode == Mode.BOUNDED) {
            b.setStartingOffsets(OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.latest());
        } else {
            b.setStartingOffsets(
                    registry ? OffsetsInitializer.earliest() : OffsetsInitializer.latest());
        }
        return b.build();
    }
}
