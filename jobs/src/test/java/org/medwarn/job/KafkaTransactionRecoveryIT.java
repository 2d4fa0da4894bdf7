package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medwarn.broker.EmbeddedKafkaBroker;

/**
 * How the Kafka sink recovers a checkpoint's transaction on the real Kafka 4.2 broker, which runs
 * the new transaction protocol (transaction version 2, KIP-890: the producer epoch is bumped at
 * every commit and abort). After a failure between a completed checkpoint and its commit, the
 * restored job's committer resumes the precommitted transaction from the producer id and epoch in
 * the checkpoint ({@link FlinkKafkaInternalProducer#resumeTransaction}) and commits it; when the
 * transaction was committed already, the resumed commit is fenced and the committer ignores it.
 * This test pins both behaviours of the connector version we use against this broker: recovered
 * records appear exactly once.
 */
class KafkaTransactionRecoveryIT {
    private static final String TOPIC = "recovery-it";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofMinutes(3)).start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            short version =
                    admin.describeFeatures()
                            .featureMetadata()
                            .get()
                            .finalizedFeatures()
                            .get("transaction.version")
                            .maxVersionLevel();
            assertThat(version).as("the broker runs transaction version 2").isEqualTo((short) 2);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aPrecommittedTransactionIsCommittedOnceByTheRecoveringCommitter() throws Exception {
        String id = "medwarn-recovery-it-1";
        FlinkKafkaInternalProducer<byte[], byte[]> failed = producer(id);
        failed.initTransactions();
        failed.beginTransaction();
        failed.send(new ProducerRecord<>(TOPIC, bytes("A")));
        failed.flush(); // precommitted: written, not committed
        long producerId = failed.getProducerId();
        short epoch = failed.getEpoch();
        assertThat(committedValues()).isEmpty();

        // the restored job's committer, from the checkpoint's committable
        try (FlinkKafkaInternalProducer<byte[], byte[]> recovering = producer(id)) {
            recovering.resumeTransaction(producerId, epoch);
            recovering.commitTransaction();
        }
        assertThat(committedValues()).containsExactly("A");

        // a second recovery from the same checkpoint (a failure before the next checkpoint): the
        // transaction is committed already and the epoch has moved on; the coordinator takes the
        // commit with the old epoch as a retry of the completed one and writes nothing again
        try (FlinkKafkaInternalProducer<byte[], byte[]> again = producer(id)) {
            again.resumeTransaction(producerId, epoch);
            again.commitTransaction();
        }
        assertThat(committedValues()).containsExactly("A");
        failed.close(Duration.ZERO);
    }

    private static FlinkKafkaInternalProducer<byte[], byte[]> producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, MonitoringJob.TRANSACTION_TIMEOUT_MS);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new FlinkKafkaInternalProducer<>(props, transactionalId);
    }

    private static List<String> committedValues() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
