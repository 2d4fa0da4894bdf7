package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.ingest.JsonLines;
import org.medwarn.ingest.RejectedInputException;
import org.medwarn.kafka.Topics;

/**
 * Test input for the live job on a real broker: fixture lines in, consumption awaited, output read
 * back.
 */
public final class KafkaTestInput {
    private KafkaTestInput() {}

    /**
     * Produces each JSON line as Avro (keyed by psn_no) when it converts, else as the raw bytes,
     * which the job must dead-letter.
     *
     * @return the number of records produced
     */
    public static <T extends SpecificRecordBase> int produce(
            String bootstrap, String topic, List<String> lines, Supplier<T> factory)
            throws Exception {
        return produce(bootstrap, topic, lines, factory, false);
    }

    /**
     * As {@link #produce(String, String, List, Supplier)}, in one Kafka transaction when {@code
     * transactional} (each partition then ends with a commit marker after its last record).
     */
    public static <T extends SpecificRecordBase> int produce(
            String bootstrap,
            String topic,
            List<String> lines,
            Supplier<T> factory,
            boolean transactional)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (transactional) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-input-" + topic);
        }
        List<Future<?>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            for (String line : lines) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                byte[] key = null;
                try {
                    T record = JsonLines.read(bytes, factory.get());
                    Object psn = record.get("psn_no");
                    key = psn == null ? null : psn.toString().getBytes(StandardCharsets.UTF_8);
                    bytes = encode(record);
                } catch (RejectedInputException | RuntimeException e) {
                    // not representable in Avro: sent as is, must become a dead letter
                }
                // (the idempotent producer keeps each partition's order)
                sent.add(producer.send(new ProducerRecord<>(topic, key, bytes)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            if (transactional) {
                producer.commitTransaction();
            }
        }
        return lines.size();
    }

    private static byte[] encode(SpecificRecordBase record) throws Exception {
        ByteBuffer buffer =
                record instanceof Settlement s
                        ? s.toByteBuffer()
                        : ((PersonRecord) record).toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * Waits until the group has committed {@code total} offsets of the topic: the Kafka source
     * commits when a checkpoint completes, so the records are then part of a checkpoint.
     */
    static void awaitCommitted(
            String bootstrap, String group, String topic, long total, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long committed =
                        offsets.entrySet().stream()
                                .filter(e -> e.getKey().topic().equals(topic))
                                .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset())
                                .sum();
                if (committed >= total) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the job did not consume " + total + " records of " + topic);
    }

    /**
     * Reads {@code topic} from the start with {@code read_committed} until {@code done} holds for
     * the records read, then for {@code quiet} longer so that a further (duplicate) record would be
     * seen; fails after {@code timeout}.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String bootstrap,
            String topic,
            java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration quiet,
            Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Topics.byteConsumer(bootstrap)) {
            consumer.seekToBeginning(Topics.assignAll(consumer, topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r);
                }
                if (quietUntil == Long.MAX_VALUE && done.test(values)) {
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        if (!done.test(values)) {
            throw new AssertionError(
                    "not all expected records in "
                            + topic
                            + " after "
                            + timeout
                            + ": "
                            + values.size()
                            + " read");
        }
        return values;
    }

    /** Decodes a record value. */
    @FunctionalInterface
    interface ThrowingDecoder<T> {
        T decode(byte[] bytes) throws Exception;
    }

    /**
     * Reads at least {@code expected} records of the topic with read_committed as consumer group
     * {@code group}, keeping those {@code keep} accepts, then keeps reading for a few more
     * checkpoints so that a further (duplicate) record would be seen.
     */
    static <T> List<T> readCommitted(
            String bootstrap,
            String topic,
            int expected,
            ThrowingDecoder<T> decoder,
            String group,
            Predicate<T> keep,
            Duration timeout)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    T record = decoder.decode(r.value());
                    if (keep.test(record)) {
                        records.add(record);
                    }
                }
                if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                }
            }
        }
        assertThat(records).as("records in " + topic).hasSizeGreaterThanOrEqualTo(expected);
        return records;
    }

    /** Sends one record, keyed by {@code key} (UTF-8), and waits for the broker's ack. */
    static void send(String bootstrap, String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Topics.byteProducer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }
}
