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
                    timestamp,
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode " + element, e);
        }
    }
}
