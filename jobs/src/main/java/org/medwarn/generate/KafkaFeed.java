package org.medwarn.generate;

import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.kafka.AvroRecordSerializer;
import org.medwarn.kafka.Topics;

/**
 * Writes generated records to the {@code persons} and {@code settlements} topics with the job's
 * {@link AvroRecordSerializer} (single-object encoding, keyed by {@code psn_no}).
 */
public final class KafkaFeed implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroRecordSerializer<PersonRecord> persons =
            new AvroRecordSerializer<>(
                    Topics.PERSONS, PersonRecord.getClassSchema(), PersonRecord::getPsnNo);
    private final AvroRecordSerializer<Settlement> settlements =
            new AvroRecordSerializer<>(
                    Topics.SETTLEMENTS, Settlement.getClassSchema(), Settlement::getPsnNo);

    public KafkaFeed(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer = new KafkaProducer<>(p);
    }

    public void send(PersonRecord record) {
        send(persons, record);
    }

    public void send(Settlement record) {
        send(settlements, record);
    }

    private <T extends SpecificRecordBase> void send(AvroRecordSerializer<T> serializer, T record) {
        producer.send(serializer.serialize(record, null, null));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
