package org.medwarn.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

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

    /** Every topic of medwarn. */
    public static final List<String> ALL =
            List.of(SETTLEMENTS, PERSONS, WARNINGS, LEDGER, DEAD_LETTERS);

    private Topics() {}

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
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
                            .all()
                            .get();
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
}
