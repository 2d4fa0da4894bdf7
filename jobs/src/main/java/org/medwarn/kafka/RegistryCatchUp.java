package org.medwarn.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * 名册先行: whether the job has read the person registry topic up to where it ended when the wait
 * began, as committed under the group of the registry's progress ({@link RegistryProgressSource}
 * commits the offsets of each completed checkpoint, so a committed offset means the monitor's state
 * holds every record before it).
 *
 * <p>The end is taken once, at the first {@link #check()}, as the last stable offset of each
 * partition ({@code read_committed}, like the job). A partition whose committed offset (or, without
 * one, its first offset) is short of that end may hold only transaction markers or compacted-away
 * offsets in between: a consumer at the committed offset then finds no record before the end, and
 * the partition counts as read.
 *
 * <p>{@link #check()} and {@link #close()} are synchronized (the enumerator checks in its worker
 * thread and closes in its coordinator thread). {@link #close()} releases the Kafka clients; a
 * later {@link #check()} opens them again.
 */
public final class RegistryCatchUp implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private static final Duration PROBE = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final String groupId;

    private transient Admin admin;
    private transient KafkaConsumer<byte[], byte[]> probe;
    private transient Map<TopicPartition, Long> end;

    /**
     * @param bootstrapServers the job's brokers
     * @param topic the registry topic ({@link Topics#PERSONS})
     * @param groupId the group the registry's offsets are committed under at each completed
     *     checkpoint ({@link RegistryProgressSource#GROUP_SUFFIX})
     */
    public RegistryCatchUp(String bootstrapServers, String topic, String groupId) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.groupId = groupId;
    }

    /** The registry topic. */
    public String topic() {
        return topic;
    }

    /**
     * How far the job has read the registry.
     *
     * @param read records behind the committed offsets, summed over partitions (offsets, so an
     *     estimate on a compacted topic)
     * @param total the end offsets of the wait, summed
     * @param caughtUp every partition is read up to its end of the wait
     */
    public record Progress(long read, long total, boolean caughtUp) {}

    /** Asks the broker; throws when it cannot be reached (the caller asks again later). */
    public synchronized Progress check() throws ExecutionException, InterruptedException {
        if (admin == null) {
            admin = Admin.create(adminProperties());
        }
        if (end == null) {
            end = endOffsets();
        }
        Map<TopicPartition, Long> position = positions();
        long read = 0;
        long total = 0;
        List<TopicPartition> behind = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            long at = Math.min(position.get(e.getKey()), e.getValue());
            read += at;
            total += e.getValue();
            if (at < e.getValue()) {
                behind.add(e.getKey());
            }
        }
        return new Progress(read, total, behind.isEmpty() || nothingLeftToRead(behind, position));
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.partitionCount(admin, topic); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get()
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** The committed offset of each partition, or its first offset when the group has none. */
    private Map<TopicPartition, Long> positions() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> uncommitted = new HashMap<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : end.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                uncommitted.put(tp, OffsetSpec.earliest());
            } else {
                positions.put(tp, c.offset());
            }
        }
        if (!uncommitted.isEmpty()) {
            admin.listOffsets(uncommitted)
                    .all()
                    .get()
                    .forEach((tp, info) -> positions.put(tp, info.offset()));
        }
        return positions;
    }

    /**
     * True when a {@code read_committed} consumer at each partition's position reaches its end
     * without a record before it (only markers or compacted offsets in between).
     */
    private boolean nothingLeftToRead(
            List<TopicPartition> behind, Map<TopicPartition, Long> position) {
        if (probe == null) {
            probe = new KafkaConsumer<>(probeProperties());
        }
        probe.assign(behind);
        behind.forEach(tp -> probe.seek(tp, position.get(tp)));
        for (int attempt = 0; attempt < 5; attempt++) {
            for (ConsumerRecord<byte[], byte[]> r : probe.poll(PROBE)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp)) {
                    return false;
                }
            }
            if (behind.stream().allMatch(tp -> probe.position(tp) >= end.get(tp))) {
                return true;
            }
        }
        return false;
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-registry-catch-up");
        return p;
    }

    private Properties probeProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-registry-probe");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        // one record decides: fetch a batch, not a megabyte of the registry, every check
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    @Override
    public synchronized void close() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
