package org.medwarn.soak;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.medwarn.kafka.Topics;

/**
 * How far a consumer group (the monitoring job's Kafka sources, which commit their offsets when a
 * checkpoint completes) has got in a topic: committed offsets against end offsets, summed over the
 * partitions. Committed means processed and checkpointed, so the rate of committed offsets is the
 * job's processed throughput.
 */
public final class GroupProgress implements AutoCloseable {
    private final Admin admin;
    private final String groupId;

    public GroupProgress(String bootstrapServers, String groupId) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        this.groupId = groupId;
    }

    /**
     * @param committed records of the topic the group has committed (processed)
     * @param end records in the topic
     */
    public record Position(long committed, long end) {
        public long lag() {
            return end - committed;
        }
    }

    /** The group's position in {@code topic}. */
    public Position position(String topic) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        long done =
                committed.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset())
                        .sum();
        int partitions = Topics.partitionCount(admin, topic);
        Map<TopicPartition, OffsetSpec> latest =
                java.util.stream.IntStream.range(0, partitions)
                        .boxed()
                        .collect(
                                Collectors.toMap(
                                        p -> new TopicPartition(topic, p),
                                        p -> OffsetSpec.latest()));
        long end =
                admin.listOffsets(latest).all().get().values().stream()
                        .mapToLong(i -> i.offset())
                        .sum();
        return new Position(done, end);
    }

    @Override
    public void close() {
        admin.close();
    }
}
