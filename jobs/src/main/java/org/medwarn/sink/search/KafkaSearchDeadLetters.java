package org.medwarn.sink.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.medwarn.avro.DeadLetter;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.kafka.AvroRecordSerializer;
import org.medwarn.kafka.Topics;

/**
 * Rejected search documents to the {@code dead-letters} topic, as {@link DeadLetter}s with reason
 * {@link DeadLetterReason#SEARCH_REJECTED}, {@code source = search:<index>}, the detail from the
 * search engine, {@code psn_no} when the document has one, and the bulk action line plus document
 * as {@code raw}, so it can be fixed and re-sent.
 *
 * <p>An idempotent producer of its own (not the job's transactional sink), flushed before every
 * checkpoint: at-least-once, so a dead letter is never lost, and may repeat after a restore.
 */
public final class KafkaSearchDeadLetters implements SearchDeadLetters {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient AvroRecordSerializer<DeadLetter> serializer;
    private transient AtomicReference<Exception> failure;

    public KafkaSearchDeadLetters(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void open() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(p);
        serializer =
                new AvroRecordSerializer<>(
                        Topics.DEAD_LETTERS, DeadLetter.getClassSchema(), DeadLetter::getPsnNo);
        failure = new AtomicReference<>();
    }

    @Override
    public void reject(SearchDocument doc, String detail) {
        producer.send(
                serializer.serialize(deadLetter(doc, detail), null, null),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    /** The dead letter of a rejected document. */
    static DeadLetter deadLetter(SearchDocument doc, String detail) {
        String raw = BulkRequests.actionLine(doc) + "\n" + doc.source + "\n";
        return DeadLetter.newBuilder()
                .setReason(DeadLetterReason.SEARCH_REJECTED.name())
                .setDetail(doc.index + "/" + doc.id + ": " + detail)
                .setSource("search:" + doc.index)
                .setPsnNo(psnNo(doc.source))
                .setRaw(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static String psnNo(String source) {
        try {
            JsonNode psn = JSON.readTree(source).get("psn_no");
            return psn == null || !psn.isTextual() ? null : psn.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void flush() {
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            // Failing the checkpoint replays the rejected documents after the restore.
            throw new IllegalStateException("could not write search dead letters to Kafka", e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
