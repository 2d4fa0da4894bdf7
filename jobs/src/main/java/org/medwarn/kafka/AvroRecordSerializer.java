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
                    recordTimestamp(timestamp, System.currentTimeMillis()),
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode " + element, e);
        }
    }

    /**
     * The Kafka timestamp of a record whose event time is {@code eventTime}: that time, or none
     * (the producer's clock) when it is after {@code now}. When a bounded input ends, the watermark
     * jumps to the end of time and the year-close timers of later years fire at once (a year of
     * 2026 closes at 2027-04-01): rows stamped that far ahead are rejected by the broker ({@code
     * InvalidTimestampException}, {@code message.timestamp.after.max.ms}, 1 h by default in Kafka
     * 4), which failed the job in a restart loop. Live, timers never run ahead of the clock.
     */
    static Long recordTimestamp(Long eventTime, long now) {
        return eventTime == null || eventTime <= now ? eventTime : null;
    }
}
