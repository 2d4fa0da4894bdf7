package org.medwarn.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka topics of medwarn. Records are keyed by {@code psn_no} (UTF-8), except screenings (by
 * county) and feedback (by township).
 */
public final class Topics {
    /** Settlements (结算), Avro {@code Settlement}. */
    public static final String SETTLEMENTS = "settlements";

    /** Person registry changes, Avro {@code PersonRecord}; compacted in production. */
    public static final String PERSONS = "persons";

    /** Level changes, Avro {@code Warning}, written exactly once. */
    public static final String WARNINGS = "warnings";

    /** Ledger (台账) updates, Avro {@code LedgerEntry}, written exactly once. */
    public static final String LEDGER = "ledger";

    /** Inputs that were not counted, Avro {@code DeadLetter}, written exactly once. */
    public static final String DEAD_LETTERS = "dead-letters";

    /**
     * Screenings (筛选), Avro {@code Screening}, keyed by county code, written exactly once; the
     * search index is {@code medwarn-screenings} (document id {@code screening_id}).
     */
    public static final String SCREENINGS = "screenings";

    /**
     * Feedback (反馈) to the county and townships, Avro {@code Feedback}, keyed by township code
     * (county code when unknown), written exactly once: what a township system or the 防止返贫监测平台
     * consumes; the search index is {@code medwarn-feedback} (document id {@code feedback_id}).
     */
    public static final String FEEDBACK = "feedback";

    /**
     * Policies published for live updates: the value is the policy file's YAML text, the key {@link
     * #POLICY_KEY} (one partition keeps their order).
     */
    public static final String POLICIES = "policies";

    /**
     * Largest record of {@link #DEAD_LETTERS} (topic {@code max.message.bytes}, the sink's {@code
     * max.request.size}): 4 MiB, so that a dead letter keeps the whole raw bytes of any input the
     * input topics accept (broker default 1 MiB) plus its detail. Raise the input topics' limit
     * only below it.
     */
    public static final int DEAD_LETTER_MAX_BYTES = 4 * 1024 * 1024;

    /**
     * Triage actions (处置) of monitoring officers, Avro {@code TriageAction}, keyed by psn_no,
     * published by the console (transactionally; the job reads {@code read_committed}) and applied
     * by the job, the single writer of {@code medwarn-warnings}.
     */
    public static final String TRIAGE = "triage";

    /**
     * The console's audit of accesses to personal data (person pages), written by the console; the
     * job does not read it. Created here so that {@code setup} and {@code local} create it.
     */
    public static final String ACCESS_AUDIT = "access-audit";

    /** The key of every record of {@link #POLICIES}. */
    public static final String POLICY_KEY = "policy";

    /** Every topic of medwarn. */
    public static final List<String> ALL =
            List.of(
                    SETTLEMENTS,
                    PERSONS,
                    WARNINGS,
                    LEDGER,
                    DEAD_LETTERS,
                    SCREENINGS,
                    FEEDBACK,
                    POLICIES,
                    TRIAGE,
                    ACCESS_AUDIT);

    private Topics() {}

    /** A producer of raw bytes (keys and values) for the tools that write topics. */
    public static KafkaProducer<byte[], byte[]> byteProducer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return new KafkaProducer<>(p);
    }

    /**
     * A consumer of raw bytes for the tools that read topics: {@code read_committed} (only what the
     * job's transactions committed), no consumer group offsets committed; assign its partitions.
     */
    public static KafkaConsumer<byte[], byte[]> byteConsumer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    /** Assigns every partition of {@code topic} to {@code consumer}, and returns them. */
    public static List<TopicPartition> assignAll(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        return partitions;
    }

    /**
     * Creates every topic of medwarn that does not exist yet, with replication factor 1: for the
     * embedded broker of the local stack and the tests.
     */
    public static void createMissing(String bootstrapServers, int partitions)
            throws InterruptedException, ExecutionException {
        createMissing(bootstrapServers, partitions, (short) 1);
    }

    /**
     * Creates every topic of medwarn that does not exist yet; existing topics are left as they are
     * (their partition count is not changed: more partitions would move persons to other
     * partitions).
     *
     * @return the topics that were created
     */
    public static List<String> createMissing(
            String bootstrapServers, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException {
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (String topic : ALL) {
                try {
                    NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor);
                    if (topic.equals(DEAD_LETTERS)) {
                        newTopic.configs(
                                Map.of("max.message.bytes", String.valueOf(DEAD_LETTER_MAX_BYTES)));
                    }
                    admin.createTopics(List.of(newTopic)).all().get();
                    created.add(topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        return created;
    }

    /** The partition count of {@code topic} (fails with the broker's error when it is missing). */
    public static int partitionCount(Admin admin, String topic)
            throws InterruptedException, ExecutionException {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
    }
}
