package org.medwarn.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka topics of medwarn. Every record is keyed by {@code psn_no} (UTF-8). */
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
     * Policies published for live updates: the value is the policy file's YAML text, the key {@link
     * #POLICY_KEY} (one partition keeps their order).
     */
    public static final String POLICIES = "policies";

    /** The key of every record of {@link #POLICIES}. */
    public static final String POLICY_KEY = "policy";

    /** Every topic of medwarn. */
    public static final List<String> ALL =
            List.of(SETTLEMENTS, PERSONS, WARNINGS, LEDGER, DEAD_LETTERS, POLICIES);

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
     * Creates every topic of medwarn that does not exist yet, with replication factor 1: for the
     * embedded broker of the local stack and the tests.
     */
    public static void createMissing(String bootstrapServers, int partitions)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (String topic : ALL) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
