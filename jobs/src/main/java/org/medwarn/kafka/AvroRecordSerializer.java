package org.medwarn.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records in single-object encoding (schema fingerprint header + binary, the same
 * encoding the job reads), keyed by {@code psn_no} so that all records of a person stay in order in
 * one partition.
 *
 * <p>Records carry the <b>time they are written</b> (the producer's clock), not their event time,
 * which is in the record itself ({@code event_time}, {@code setl_time}, …). The broker deletes
 * records by their timestamp ({@code retention.ms}, 7 days by default, checked every 5 minutes) and
 * rejects timestamps more than an hour ahead ({@code message.timestamp.after.max.ms}, Kafka 4):
 * with event-time stamps, the warnings, ledger rows, screenings and feedback of a late settlement,
 * a backfill or a replayed year were deleted within minutes of being committed (seen in {@code
 * ./medwarn local}: "Deleting segment … largestRecordTimestamp=1735693875000 due to log retention
 * time 604800000ms breach" on {@code ledger}), and the year-close rows of the following year, fired
 * when a bounded input ends, failed the job. Write time is also what {@code dead-letters replay
 * --from/--to} selects by.
 */
public class AvroRecordSerializer<T extends SpecificRecordBase>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String schemaJson;
    private final SerializableFunction<T, String> key;
    private transient BinaryMessageEncoder<T> encoder;

    public AvroRecordSerializer(String topic, Schema schema, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.schemaJson = schema.toString();
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (encoder == null) {
            Schema schema = new Schema.Parser().parse(schemaJson);
            encoder = new BinaryMessageEncoder<>(SpecificData.getForSchema(schema), schema);
        }
        try {
            ByteBuffer buffer = encoder.encode(element);
            byte[] value = new byte[buffer.remaining()];
            buffer.get(value);
            String k = key.apply(element);
            return new ProducerRecord<>(
                    topic,
                    null,
                    null, // the producer's clock: see the class comment
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode " + element, e);
        }
    }
}
