package org.medwarn.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The console's writes to Kafka ({@code --kafka BOOTSTRAP}): triage actions to {@value #TRIAGE}
 * (Avro {@code TriageAction}, single-object encoding, key psn_no) and the access audit to {@value
 * #ACCESS_AUDIT} (JSON, key user name). One idempotent producer with {@code acks=all}; {@link
 * #send} waits for the broker's acknowledgement so that an action the page reports as published is
 * on the topic. At start the two topics are created when missing (broker defaults for partitions
 * and replication; an existing topic is never changed).
 */
final class ConsoleKafka implements AutoCloseable {

    /** Triage actions, the contract with the monitoring job (schemas/TriageAction.avsc). */
    static final String TRIAGE = "triage";

    /** Who opened which person page and who acted: JSON lines, never deleted. */
    static final String ACCESS_AUDIT = "access-audit";

    private static final long SEND_TIMEOUT_MS = 10_000;

    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    ConsoleKafka(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, SEND_TIMEOUT_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS - 1000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "medwarn-console");
        this.producer = new KafkaProducer<>(p);
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Creates {@value #TRIAGE} and {@value #ACCESS_AUDIT} when missing. */
    void createTopics() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS * 3);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : List.of(TRIAGE, ACCESS_AUDIT)) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.empty(), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaUnavailableException(
                        "Kafka at " + bootstrap + ": cannot create topics: " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(
                    "Kafka at " + bootstrap + " did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted", e);
        }
    }

    /** Sends and waits for the acknowledgement. */
    RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(
                            new ProducerRecord<>(
                                    topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(SEND_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnavailableException(
                    "Kafka at "
                            + bootstrap
                            + " did not take the record for topic "
                            + topic
                            + ": "
                            + cause,
                    e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
